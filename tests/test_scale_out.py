"""Scale-out: two worker processes share one crawl through a real Redis server (scrapy-redis)."""

import json
import shutil
import socket
import sqlite3
import subprocess
import time

import pytest

from govreports.parse.urls import report_id
from govreports.replicas import ground_truth
from govreports.replicas.server import running_replicas
from govreports.store.store import ReportStore
from tests.conftest import REPO, crawl_command, run_cli


@pytest.fixture(scope="module")
def redis_url():
    # Only the shared-crawl tests need Redis and scrapy-redis; the merge tests run without them.
    pytest.importorskip("scrapy_redis", reason="scrapy-redis is not installed (pip install -e '.[test]')")
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait()


def _two_workers(server, redis_url: str, run: str, stores: list, logs) -> list[subprocess.CompletedProcess]:
    """Run two crawl workers at once and return them finished. The replica holds every request
    until both have opened their spider, so a slow start (a loaded CI machine) cannot leave one
    worker with nothing to do."""
    server.answering.clear()
    workers = []
    for n, store in enumerate(stores):
        log = logs / f"worker{n}.log"
        command = crawl_command(
            "leizhou", server.proxy_url, store, f"REDIS_URL={redis_url}", f"CRAWL_RUN={run}", "LOG_LEVEL=INFO"
        )
        workers.append((subprocess.Popen(command, cwd=REPO, stderr=log.open("w")), log))
    deadline = time.monotonic() + 120
    while not all("Spider opened" in log.read_text() for _, log in workers):
        assert time.monotonic() < deadline and all(w.poll() is None for w, _ in workers), "a worker did not start: " + (
            "\n".join(log.read_text()[-2000:] for _, log in workers)
        )
        time.sleep(0.1)
    server.answering.set()
    return [subprocess.CompletedProcess(w.args, w.wait(timeout=300), None, log.read_text()) for w, log in workers]


def _ids(db) -> list[str]:
    return [row[0] for row in sqlite3.connect(db).execute("SELECT report_id FROM reports")]


def test_two_workers_share_one_crawl_and_merge_to_exactly_the_ground_truth(tmp_path, redis_url):
    truth = {report_id(t["url"]) for t in ground_truth("leizhou")}
    stores = [tmp_path / "a.sqlite", tmp_path / "b.sqlite"]
    with running_replicas() as server:
        workers = _two_workers(server, redis_url, "merge-test", stores, tmp_path)
    assert [w.returncode for w in workers] == [0, 0], [w.stderr[-2000:] for w in workers]
    shares = [_ids(store) for store in stores]
    # Each report page went to exactly one worker, and both took part.
    assert all(shares) and not set(shares[0]) & set(shares[1])
    assert sorted(shares[0] + shares[1]) == sorted(truth)
    stats = [json.loads(p.read_text()) for p in sorted((tmp_path / "stats").glob("leizhou-*.json"))]
    assert len(stats) == 2 and all(s.get("scheduler/dequeued/redis") for s in stats)
    # A worker sees only its share, so it does not claim the other share is gone.
    assert sqlite3.connect(stores[0]).execute("SELECT gone FROM crawls").fetchall() == [(None,)]

    merged = tmp_path / "all.sqlite"
    result = run_cli("merge", str(merged), *map(str, stores))
    assert result.returncode == 0, result.stderr
    assert sorted(_ids(merged)) == sorted(truth)
    again = run_cli("merge", str(merged), *map(str, stores))  # merging twice changes nothing
    assert "new 0, changed 0" in again.stderr and sorted(_ids(merged)) == sorted(truth)
    con = sqlite3.connect(merged)
    assert con.execute("SELECT count(*) FROM crawls").fetchone()[0] == 2
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The merged store is whole: children, full-text index and cross-year checks came along.
    per_worker = sum(sqlite3.connect(s).execute("SELECT count(*) FROM statistics").fetchone()[0] for s in stores)
    assert con.execute("SELECT count(*) FROM statistics").fetchone()[0] == per_worker
    assert con.execute("SELECT count(*) FROM reports_fts WHERE reports_fts MATCH '政府信息公开'").fetchone()[0] == 209
    assert con.execute("SELECT count(*) FROM cross_checks").fetchone()[0] > 0


def test_two_workers_can_write_one_store(tmp_path, redis_url):
    store = tmp_path / "shared.sqlite"
    with running_replicas() as server:
        workers = _two_workers(server, redis_url, "one-store-test", [store, store], tmp_path)
    assert [w.returncode for w in workers] == [0, 0], [w.stderr[-2000:] for w in workers]
    ids = _ids(store)
    assert len(ids) == len(set(ids)) == len(ground_truth("leizhou"))


def test_merge_keeps_the_later_fetch_and_the_whole_sighting_span(tmp_path):
    older, newer = tmp_path / "older.sqlite", tmp_path / "newer.sqlite"
    record = {"report_id": "r1", "url": "http://x.gov.cn/1.html", "title": "2020年报", "text": "旧"}
    ReportStore(older).upsert(record | {"fetched_at": "2026-01-01T00:00:00"}, seen_at="2026-01-01T00:00:00")
    ReportStore(newer).upsert(
        record | {"fetched_at": "2026-02-01T00:00:00", "text": "新"}, seen_at="2026-02-01T00:00:00"
    )
    merged = ReportStore(tmp_path / "m.sqlite")
    assert merged.merge_from(newer) == {"new": 1, "changed": 0, "unchanged": 0}
    assert merged.merge_from(older) == {"new": 0, "changed": 0, "unchanged": 1}  # older content loses
    row = merged.conn.execute("SELECT text, first_seen_at, last_seen_at FROM reports").fetchone()
    assert tuple(row) == ("新", "2026-01-01T00:00:00", "2026-02-01T00:00:00")
    target = ReportStore(tmp_path / "t.sqlite")
    target.merge_from(older)
    assert target.merge_from(newer) == {"new": 0, "changed": 1, "unchanged": 0}
    assert target.conn.execute("SELECT text FROM reports").fetchone()[0] == "新"


def test_redis_url_without_scrapy_redis_is_a_clear_failure(monkeypatch):
    import builtins

    from scrapy.settings import Settings

    from govreports.crawl.shared_crawl import SharedCrawlAddon

    real_import = builtins.__import__

    def no_scrapy_redis(name, *args, **kwargs):
        if name == "scrapy_redis":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_scrapy_redis)
    with pytest.raises(ImportError, match=r"govreports\[redis\]"):
        SharedCrawlAddon().update_settings(Settings({"REDIS_URL": "redis://127.0.0.1:1/0"}))
