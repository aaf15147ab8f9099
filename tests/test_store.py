"""SQLite store: the SCHEMA.md §5 layout, idempotent reruns, in-place updates — through real crawls."""

import sqlite3
import subprocess
import sys

import pytest

from govreports.replicas import replica_sites
from govreports.replicas.server import running_replicas
from govreports.store import ReportStore
from tests.conftest import REPO

EXPECTED_COLUMNS = {
    "reports": {
        "report_id",
        "url",
        "spider",
        "site",
        "list_url",
        "fetched_at",
        "http_json",
        "title",
        "issuer",
        "region",
        "division_code",
        "region_path_json",
        "level",
        "year",
        "publish_date",
        "format",
        "script",
        "text",
        "sections_json",
        "statistics_json",
        "summary_json",
        "warnings_json",
        "first_seen_at",
        "last_seen_at",
        "content_sha1",
    },
    "statistics": {"report_id", "section", "row", "col", "value", "raw"},
    "checks": {"report_id", "rule", "ok", "detail"},
    "attachments": {"report_id", "url", "name", "media_type", "sha1", "bytes", "used_for_text", "status"},
    "crawls": {
        "crawl_id",
        "spider",
        "started_at",
        "finished_at",
        "new",
        "changed",
        "unchanged",
        "errors",
        "finish_reason",
    },
}
VOLATILE = {"fetched_at", "last_seen_at", "http_json"}


def test_schema_is_as_specified(tmp_path):
    ReportStore(tmp_path / "r.sqlite").close()
    con = sqlite3.connect(tmp_path / "r.sqlite")
    for table, columns in EXPECTED_COLUMNS.items():
        assert {row[1] for row in con.execute(f"PRAGMA table_info({table})")} == columns
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexed = {row[0] for row in con.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    assert any("division_code" in sql for sql in indexed)
    pk = [row[1] for row in con.execute("PRAGMA table_info(statistics)") if row[5]]
    assert pk == ["report_id", "section", "row", "col"]


def _crawl(spider: str, proxy: str, db, out) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            spider,
            "-s",
            f"REPLICA_PROXY={proxy}",
            "-s",
            "AUTOTHROTTLE_ENABLED=0",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            f"SQLITE_PATH={db}",
            "-s",
            "LOG_LEVEL=WARNING",
            "-O",
            str(out),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )


def _rows(db) -> dict[str, tuple]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    return {
        row["report_id"]: tuple((k, row[k]) for k in row.keys() if k not in VOLATILE)
        for row in con.execute("SELECT * FROM reports")
    }


@pytest.fixture
def gaoping_report():
    site = replica_sites()["gaoping"]
    doc = next(d for d in site.documents if d.is_report and d.year == 2022 and d.level == "township")
    original = doc.body_html
    yield site, doc
    site.update_document(doc.url, original)


def test_rerun_is_idempotent_and_a_changed_report_is_updated_in_place(tmp_path, gaoping_report):
    site, doc = gaoping_report
    db = tmp_path / "reports.sqlite"
    with running_replicas() as server:
        _crawl("gaoping", server.proxy_url, db, tmp_path / "first.jsonl")
        first = _rows(db)
        _crawl("gaoping", server.proxy_url, db, tmp_path / "second.jsonl")
        second = _rows(db)
        site.update_document(
            doc.url, doc.body_html.replace("<p>一、总体情况</p>", "<p>一、总体情况</p><p>本段为更正后新增内容。</p>")
        )
        _crawl("gaoping", server.proxy_url, db, tmp_path / "third.jsonl")
        third = _rows(db)
    assert len(first) == len(site.ground_truth()) == 27
    assert second == first  # same rows, same content; only fetch times moved
    changed = [rid for rid in third if third[rid] != first[rid]]
    assert len(third) == len(first) and len(changed) == 1
    con = sqlite3.connect(db)
    text, first_seen, last_seen = con.execute(
        "SELECT text, first_seen_at, last_seen_at FROM reports WHERE report_id = ?", (changed[0],)
    ).fetchone()
    assert "本段为更正后新增内容" in text and first_seen <= last_seen
    crawls = con.execute("SELECT new, changed, unchanged, finish_reason FROM crawls ORDER BY crawl_id").fetchall()
    assert crawls == [(27, 0, 0, "finished"), (0, 0, 27, "finished"), (0, 1, 26, "finished")]


def test_upsert_outcomes(tmp_path):
    store = ReportStore(tmp_path / "r.sqlite")
    record = {
        "report_id": "abc",
        "url": "http://x.gov.cn/a.html",
        "title": "某县2020年政府信息公开工作年度报告",
        "text": "正文",
        "sections": [],
        "warnings": [],
        "checks": [{"rule": "applications_balance", "ok": None, "detail": ""}],
    }
    assert store.upsert(record) == "new"
    assert store.upsert({**record, "fetched_at": "later"}) == "unchanged"
    assert store.upsert({**record, "text": "更正"}) == "changed"
    assert store.conn.execute("SELECT count(*) FROM checks").fetchone()[0] == 1
