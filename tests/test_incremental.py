"""Scheduled reruns: conditional requests, content hashes, gone reports, and a forced full refresh."""

import json
import sqlite3
import subprocess
from urllib.parse import urlsplit

import pytest

from govreports.replicas import replica_sites
from govreports.replicas.server import running_replicas
from tests.conftest import REPO, crawl_command


def _crawl(spider: str, server, db, *settings: str) -> dict:
    """One real crawl; what the replica server saw during it."""
    before = (server.requests_served, dict(server.statuses), server.bytes_served, server.files_served)
    subprocess.run(
        crawl_command(spider, server.proxy_url, db, *settings), cwd=REPO, check=True, capture_output=True, timeout=300
    )
    return {
        "requests": server.requests_served - before[0],
        "full_pages": server.statuses[200] - before[1].get(200, 0),
        "not_modified": server.statuses[304] - before[1].get(304, 0),
        "bytes": server.bytes_served - before[2],
        "files": server.files_served - before[3],
    }


def _newest_stats(db, spider: str) -> dict:
    newest = max((db.parent / "stats").glob(f"{spider}-*.json"), key=lambda path: path.stat().st_mtime_ns)
    return json.loads(newest.read_text(encoding="utf-8"))


def _last_crawl(db) -> tuple:
    con = sqlite3.connect(db)
    return con.execute(
        "SELECT new, changed, unchanged, gone, finish_reason FROM crawls ORDER BY crawl_id DESC"
    ).fetchone()


def test_a_rerun_within_the_recheck_window_fetches_list_pages_only(tmp_path):
    db = tmp_path / "r.sqlite"
    site = replica_sites()["xunyi"]
    reports = len(site.ground_truth())
    report_paths = {urlsplit(d.url).path for d in site.documents if d.is_report}  # look-alikes are not stored
    with running_replicas() as server:
        _crawl("xunyi", server, db)
        server.paths.clear()
        _crawl("xunyi", server, db)  # REPORT_RECHECK_DAYS: 7 by default
        assert _last_crawl(db) == (0, 0, reports, 0, "finished")
        asked = {path for host, path in server.paths}
        assert asked and not asked & report_paths, sorted(asked & report_paths)[:5]


@pytest.mark.parametrize(("spider", "validator"), [("yuhuan", "ETag"), ("leizhou", "Last-Modified")])
def test_a_rerun_asks_only_whether_reports_changed(tmp_path, spider, validator):
    db = tmp_path / "r.sqlite"
    site = replica_sites()[spider]
    reports = len(site.ground_truth())
    # A report published as a file is not asked for again at all: its file is in FILES_STORE.
    files_only = sum("attachment" in d.extra for d in site.documents)
    with running_replicas() as server:
        first = _crawl(spider, server, db)
        assert _last_crawl(db) == (reports, 0, 0, 0, "finished")
        second = _crawl(spider, server, db, "REPORT_RECHECK_DAYS=0")
        assert _last_crawl(db) == (0, 0, reports, 0, "finished")
        # Every report page answered 304. A report listed under two spellings may be asked under
        # both when they are in flight together; the crawl counts it once.
        assert second["not_modified"] >= reports - files_only, validator
        assert _newest_stats(db, spider)["incremental/not_modified"] == reports - files_only
        assert second["files"] == 0
        assert second["bytes"] < first["bytes"] / 3
        doc = next(d for d in site.documents if d.is_report and d.extra.get("in_scope", True))
        original = doc.body_html
        try:
            site.update_document(doc.url, original.replace("</p>", "<p>本段为更正后新增内容。</p></p>", 1))
            _crawl(spider, server, db, "REPORT_RECHECK_DAYS=0")
            assert _last_crawl(db) == (0, 1, reports - 1, 0, "finished")
        finally:
            site.update_document(doc.url, original)
        full = _crawl(spider, server, db, "FULL_REFRESH=1")
        assert full["not_modified"] == 0 and full["full_pages"] >= reports and full["files"] == len(site.files)
        assert _last_crawl(db)[1:] == (1, reports - 1, 0, "finished")  # the edit was undone: changed back
    print(f"{spider}: first run {first}, second run {second}")


def test_a_report_that_disappeared_is_counted_gone_not_deleted(tmp_path):
    db = tmp_path / "r.sqlite"
    site = replica_sites()["leizhou"]
    doc = next(d for d in site.documents if d.is_report)
    at = site.documents.index(doc)
    with running_replicas() as server:
        _crawl("leizhou", server, db)
        site.documents.remove(doc)
        try:
            _crawl("leizhou", server, db)
        finally:
            site.documents.insert(at, doc)
    assert _last_crawl(db)[3] == 1
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == len(site.ground_truth())  # kept


def test_every_crawl_ends_with_a_summary_and_a_stats_file(tmp_path):
    db = tmp_path / "r.sqlite"
    with running_replicas() as server:
        command = crawl_command("gaoping", server.proxy_url, db, "LOG_LEVEL=INFO")
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "gaoping: 27 reports (new 27, changed 0, unchanged 0, gone 0) from" in result.stderr
    (stats_file,) = (tmp_path / "stats").glob("gaoping-*.json")
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    assert stats["run/reports"] == 27 and stats["sqlite/new"] == 27


def test_a_crawl_that_finds_no_reports_fails(tmp_path):
    """The portal answers, but with nothing a spider recognises (a redesign, a block page)."""
    with running_replicas(sites={}) as server:  # an empty replica: every host answers 502
        command = crawl_command("yuhuan", server.proxy_url, tmp_path / "r.sqlite", "SQLITE_PATH=", "RETRY_ENABLED=0")
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert "yuhuan found no reports" in result.stderr and "no reports from: yuhuan" in result.stderr
