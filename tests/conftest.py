import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "govreports" / "replicas" / "seeds"


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "govreports.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        timeout=timeout,
    )


def crawl_command(spider: str, proxy: str, db: Path, *settings: str) -> list[str]:
    """``scrapy crawl SPIDER`` against the replicas at ``proxy``, unthrottled, into ``db``, with its
    stats file beside it; ``settings`` (``NAME=value``) come last and win."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for setting in (
        f"REPLICA_PROXY={proxy}",
        "AUTOTHROTTLE_ENABLED=0",
        "DOWNLOAD_DELAY=0",
        "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        f"SQLITE_PATH={db}",
        f"STATS_DIR={Path(db).parent / 'stats'}",
        f"FILES_STORE={Path(db).parent / 'files'}",
        "LOG_LEVEL=WARNING",
        *settings,
    ):
        command += ["-s", setting]
    return command


def demo_reports() -> int:
    """How many reports the demo's replicas publish, by their ground truth."""
    from govreports.demo import DEMO_SPIDERS
    from govreports.replicas import replica_sites

    sites = replica_sites()
    return sum(len(sites[name].ground_truth()) for name in DEMO_SPIDERS)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """One run of the offline demo (every site spider), shared by the crawl tests."""
    out = tmp_path_factory.mktemp("demo")
    result = run_cli("demo", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def demo_records(demo_dir) -> dict[str, list[dict]]:
    records: dict[str, list[dict]] = {}
    for line in (demo_dir / "reports.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records.setdefault(record["spider"], []).append(record)
    return records
