"""The offline demo: serve the replica portals on loopback, crawl them with the real spiders."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from govreports.replicas import replica_sites
from govreports.replicas.scoring import score
from govreports.replicas.server import running_replicas

# The five seed portals, then one more portal per platform (Hanweb, TRS, gkmlpt, VSB, xxgk_label, legacy).
SEED_SPIDERS = ("yuhuan", "haiyan", "gaoping", "mengzi", "leizhou")
DEMO_SPIDERS = (*SEED_SPIDERS, "sihong", "zhenxiong", "dianbai", "xunyi", "huaining", "weiyuan")

# Politeness is for real government servers; the replicas are our own loopback server.
REPLICA_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "WARNING",
}


def project_settings(overrides: dict):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "govreports.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_demo(out: Path, spiders: tuple[str, ...] = DEMO_SPIDERS) -> int:
    """Crawl ``spiders`` over the replicas into ``out``; print a summary; 0 only when every spider
    found exactly its replica's ground truth: every report, field, statistics cell and check."""
    from scrapy.crawler import CrawlerProcess

    out.mkdir(parents=True, exist_ok=True)
    feeds_dir = out / "jsonl"
    started = time.monotonic()
    with running_replicas() as server:
        settings = project_settings(
            {
                **REPLICA_SETTINGS,
                "REPLICA_PROXY": server.proxy_url,
                "SQLITE_PATH": str(out / "reports.sqlite"),
                "STATS_DIR": str(out / "stats"),
                "FILES_STORE": str(out / "attachments"),
                "FEEDS": {str(feeds_dir / "%(name)s.jsonl"): {"format": "jsonlines", "overwrite": True}},
            }
        )
        process = CrawlerProcess(settings)
        for name in spiders:
            process.crawl(name)
        process.start()
        requests = server.requests_served
    elapsed = time.monotonic() - started

    sites = replica_sites()
    truth = {name: sites[name].ground_truth() for name in spiders}
    (out / "ground_truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    failures = 0
    lines = []
    with (out / "reports.jsonl").open("w", encoding="utf-8") as merged:
        print(
            f"{'spider':<9} {'found':>5} {'expected':>8} {'missing':>7} {'extra':>5} {'field errors':>12}"
            f" {'cells right':>13} {'checks right':>12}"
        )
        for name in spiders:
            path = feeds_dir / f"{name}.jsonl"
            lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
            merged.writelines(line + "\n" for line in lines)
            result = score([json.loads(line) for line in lines], truth[name])
            failures += not result.exact
            checks = result.checks_failed_as_expected + result.checks_held_as_expected
            checks_total = result.checks_expected_to_fail + result.checks_expected_to_hold
            print(
                f"{name:<9} {result.found:>5} {result.expected:>8} {len(result.missing):>7} "
                f"{len(result.unexpected):>5} {len(result.mismatches):>12}"
                f" {f'{result.cells_correct}/{result.cells_expected}':>13} {f'{checks}/{checks_total}':>12}"
            )
    print(f"{requests} requests in {elapsed:.1f} s; SQLite: {out / 'reports.sqlite'}; JSONL: {out / 'reports.jsonl'}")
    if failures:
        print(f"{failures} spider(s) differ from their replica's ground truth", file=sys.stderr)
    return 1 if failures else 0
