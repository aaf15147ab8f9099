"""Worker processes (govreports/workers.py) and the crawl with PROCESSING_WORKERS: the same records
as in one process, a dead worker costing only its own calls, a bad report failing alone."""

import asyncio
import json
import os
import signal
import subprocess
import time

import pytest

from govreports.crawl.workers import WorkerDied, WorkerPool
from govreports.replicas.server import running_replicas
from govreports.store.store import ReportStore
from pipelines.sqlite_export import GroupCommit
from tests.conftest import REPO, crawl_command


def test_pool_returns_results_raises_errors_and_outlives_a_killed_worker():
    async def scenario():
        pool = WorkerPool(2)
        try:
            assert await asyncio.gather(*(pool.call(divmod, n, 7) for n in range(50))) == [
                divmod(n, 7) for n in range(50)
            ]
            with pytest.raises(ValueError, match="invalid literal"):
                await pool.call(int, "not a number")
            held = asyncio.ensure_future(pool.call(time.sleep, 30))
            await asyncio.sleep(0.3)
            victim = next(w for w in pool._workers if w.pending)
            os.kill(victim.process.pid, signal.SIGKILL)
            with pytest.raises(WorkerDied):
                await held
            assert await pool.call(pow, 3, 4) == 81  # a new worker takes the dead one's place
            pids = {w.process.pid for w in pool._workers}
            assert victim.process.pid not in pids and len(pids) == 2
            workers = [victim, *pool._workers]
        finally:
            await pool.close()
        assert all(w.process.returncode is not None for w in workers)  # none left running or unreaped

    asyncio.run(scenario())


def _record(report_id: str, title: str = "某县2023年政府信息公开工作年度报告") -> dict:
    return {"report_id": report_id, "url": f"http://www.x.gov.cn/{report_id}.html", "title": title, "text": title}


def test_group_commit_writes_whole_groups_and_a_bad_report_fails_alone(tmp_path):
    path = str(tmp_path / "r.sqlite")
    ReportStore(path).close()

    async def scenario():
        writer = GroupCommit(path)
        try:
            good = [writer.write(_record(f"r{n}")) for n in range(30)]
            bad = writer.write({"url": "http://www.x.gov.cn/no-id.html"})  # no report_id: cannot be stored
            more = [writer.write(_record(f"s{n}")) for n in range(30)]
            outcomes = await asyncio.gather(*good, bad, *more, return_exceptions=True)
            again = await writer.write(_record("r0"))
        finally:
            await writer.close()
        return outcomes, again

    outcomes, again = asyncio.run(scenario())
    assert outcomes[:30] + outcomes[31:] == ["new"] * 60
    assert isinstance(outcomes[30], KeyError)
    assert again == "unchanged"
    store = ReportStore(path)
    assert store.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 60
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# leizhou: 209 reports, GBK pages; yuhuan: PDF, DOCX and XLSX attachments; haiyan: traditional + pinyin.
SPIDERS = ("leizhou", "yuhuan", "haiyan")
# When and how a report was fetched, not what it says; a report listed under two URLs keeps
# whichever was fetched first, which concurrency decides.
_PER_RUN = {"fetched_at", "http", "url", "list_url"}


@pytest.mark.parametrize("spider", SPIDERS)
def test_a_crawl_with_workers_gives_the_records_of_a_crawl_without(spider, demo_records, tmp_path):
    db, feed = tmp_path / "r.sqlite", tmp_path / "r.jsonl"
    with running_replicas() as server:
        command = crawl_command(spider, server.proxy_url, db, "PROCESSING_WORKERS=1") + ["-o", f"{feed}:jsonlines"]
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    with_workers = {r["report_id"]: r for r in map(json.loads, feed.read_text(encoding="utf-8").splitlines())}
    in_process = {r["report_id"]: r for r in demo_records[spider]}
    assert sorted(with_workers) == sorted(in_process)
    for rid, record in in_process.items():
        for name, value in record.items():
            if name not in _PER_RUN:
                assert with_workers[rid][name] == value, (rid, name)
    store = ReportStore(db)
    assert store.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == len(in_process)
    assert [tuple(row) for row in store.conn.execute("SELECT finish_reason FROM crawls")] == [("finished",)]
