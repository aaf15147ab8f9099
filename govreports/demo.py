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
    "PROGRESS_BAR": False,  # the demo's crawls take seconds and run side by side
}


def project_settings(overrides: dict):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "govreports.crawl.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_demo(out: Path, spiders: tuple[str, ...] = DEMO_SPIDERS) -> int:
    """Crawl ``spiders`` over the replicas into ``out``; print a summary; 0 only when every spider
    found exactly its replica's ground truth: every report, field, statistics cell and check.

    The JSONL and the scores come from the store, not from the crawl's feed: a feed holds what
    one run fetched (on a rerun, only what changed), the store every report."""
    from scrapy.crawler import CrawlerProcess

    from govreports.store.export import write_jsonl
    from govreports.store.outputs import write_atomically
    from govreports.store.store import open_reader, stored_records

    out.mkdir(parents=True, exist_ok=True)
    store = out / "reports.sqlite"
    started = time.monotonic()
    with running_replicas() as server:
        settings = project_settings(
            {
                **REPLICA_SETTINGS,
                "REPLICA_PROXY": server.proxy_url,
                "SQLITE_PATH": str(store),
                "STATS_DIR": str(out / "stats"),
                "FILES_STORE": str(out / "attachments"),
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
    records: dict[str, list[dict]] = {name: [] for name in spiders}
    conn = open_reader(store)
    try:
        for record, _ in stored_records(conn):
            records.setdefault(record["spider"], []).append(record)
    finally:
        conn.close()
    every = [record for name in spiders for record in records[name]]
    write_atomically(out / "reports.jsonl", lambda path: write_jsonl(iter(every), path))
    failures = 0
    print(
        f"{'spider':<9} {'found':>5} {'expected':>8} {'missing':>7} {'extra':>5} {'field errors':>12}"
        f" {'cells right':>13} {'checks right':>12}"
    )
    for name in spiders:
        result = score(records[name], truth[name])
        failures += not result.exact
        checks = result.checks_failed_as_expected + result.checks_held_as_expected
        checks_total = result.checks_expected_to_fail + result.checks_expected_to_hold
        print(
            f"{name:<9} {result.found:>5} {result.expected:>8} {len(result.missing):>7} "
            f"{len(result.unexpected):>5} {len(result.mismatches):>12}"
            f" {f'{result.cells_correct}/{result.cells_expected}':>13} {f'{checks}/{checks_total}':>12}"
        )
    print(f"{requests} requests in {elapsed:.1f} s; SQLite: {store}; JSONL: {out / 'reports.jsonl'}")
    if failures:
        print(f"{failures} spider(s) differ from their replica's ground truth", file=sys.stderr)
    return 1 if failures else 0
