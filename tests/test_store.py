"""SQLite store: the docs/schema.md §5 layout, idempotent reruns, in-place updates — through real crawls."""

import sqlite3
import subprocess

import pytest

from govreports.replicas import replica_sites
from govreports.replicas.server import running_replicas
from govreports.store.store import SCHEMA as STORE_SCHEMA_V1
from govreports.store.store import SCHEMA_VERSION, ReportStore, StoreError
from tests.conftest import REPO, crawl_command

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
        "deadline",
        "days_late",
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
    "cross_checks": {
        "issuer",
        "year_from",
        "year_to",
        "rule",
        "ok",
        "soft",
        "detail",
        "report_from",
        "report_to",
    },
    "crawls": {
        "crawl_id",
        "spider",
        "started_at",
        "finished_at",
        "new",
        "changed",
        "unchanged",
        "gone",
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
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _record(rid: str, **fields) -> dict:
    base = dict.fromkeys(("url", "title", "text", "issuer", "level", "year", "publish_date"))
    return {**base, "report_id": rid, "url": f"http://www.x.gov.cn/{rid}.html", **fields}


def test_a_version_1_database_upgrades_in_place(tmp_path):
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript(STORE_SCHEMA_V1)  # the layout exactly as version 1 created it
    con.execute(
        "INSERT INTO reports (report_id, url, title, text, level, year, publish_date, first_seen_at, last_seen_at,"
        " content_sha1) VALUES ('r1', 'http://x.gov.cn/1', '某局2020年政府信息公开工作年度报告', '依申请公开政府信息情况',"
        " 'department', 2020, '2021-02-05', 't', 't', 's')"
    )
    con.execute("INSERT INTO statistics VALUES ('r1', 'applications', 'new', 'total', 3, '3')")
    con.execute("PRAGMA user_version=1")
    con.commit()
    con.close()
    store = ReportStore(path)
    row = store.conn.execute("SELECT report_id, deadline, days_late FROM reports").fetchone()
    assert tuple(row) == ("r1", "2021-01-31", 5)
    assert store.conn.execute("SELECT count(*) FROM statistics").fetchone()[0] == 1
    hits = store.conn.execute("SELECT rowid FROM reports_fts WHERE reports_fts MATCH '\"依申请公开\"'").fetchall()
    assert len(hits) == 1
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()


def test_search_index_of_a_group_that_changes_a_report_it_adds(tmp_path):
    # New reports are indexed once their group is in; one changed later in the same group must be
    # indexed before its update replaces its index entry.
    store = ReportStore(tmp_path / "r.sqlite")
    first = _record("a", title="甲县2020年报告", text="本年度收到依申请公开申请3件")
    corrected = {**first, "text": "全文已更正：未收到申请"}
    assert store.upsert_many([first, _record("b", title="乙县", text="未收到申请"), corrected]) == [
        "new",
        "new",
        "changed",
    ]
    sql = "SELECT r.report_id FROM reports_fts f JOIN reports r ON r.rowid = f.rowid WHERE reports_fts MATCH ?"
    assert [r[0] for r in store.conn.execute(sql, ('"依申请公开"',))] == []
    assert sorted(r[0] for r in store.conn.execute(sql, ('"未收到申请"',))) == ["a", "b"]
    store.conn.execute("INSERT INTO reports_fts (reports_fts) VALUES ('integrity-check')")
    store.close()


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "new.sqlite"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="schema version"):
        ReportStore(path)


def test_search_index_follows_upserts_and_deletes(tmp_path):
    store = ReportStore(tmp_path / "r.sqlite")
    store.upsert(_record("a", title="甲县2020年报告", text="本年度收到依申请公开申请3件"))
    store.upsert(_record("b", title="乙县2020年报告", text="未收到申请"))

    def matches(phrase: str) -> list[str]:
        sql = "SELECT r.report_id FROM reports_fts f JOIN reports r ON r.rowid = f.rowid WHERE reports_fts MATCH ?"
        return sorted(row[0] for row in store.conn.execute(sql, (f'"{phrase}"',)))

    assert matches("依申请公开") == ["a"]
    store.upsert(_record("a", title="甲县2020年报告", text="全文已更正：未收到申请"))
    assert matches("依申请公开") == [] and matches("未收到申请") == ["a", "b"]
    with store.conn:
        store.conn.execute("DELETE FROM reports WHERE report_id = 'b'")
    assert matches("未收到申请") == ["a"]
    store.close()


def _crawl(spider: str, proxy: str, db, out) -> None:
    # Every report asked for again on each run (none is skipped as fetched within the recheck window).
    command = crawl_command(spider, proxy, db, "REPORT_RECHECK_DAYS=0") + ["-O", str(out)]
    subprocess.run(command, cwd=REPO, check=True, capture_output=True, timeout=300)


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
    doc = next(
        d
        for d in site.documents
        if d.is_report and d.year == 2022 and d.level == "township" and "attachment" not in d.extra
    )
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


def _open_when_released(path, barrier, outcomes):
    barrier.wait()
    try:
        ReportStore(path).close()
        outcomes.put("ok")
    except Exception as exc:  # reported to the test, which names it
        outcomes.put(repr(exc))


def test_two_processes_can_open_one_new_store_at_the_same_moment(tmp_path):
    """Shared-crawl workers may open a new store together; SQLite refuses the second switch to WAL
    at once ("database is locked") unless the store waits for it."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for attempt in range(20):
        barrier, outcomes = context.Barrier(2), context.Queue()
        path = tmp_path / f"new{attempt}.sqlite"
        processes = [context.Process(target=_open_when_released, args=(path, barrier, outcomes)) for _ in range(2)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(60)
        assert [outcomes.get(timeout=5), outcomes.get(timeout=5)] == ["ok", "ok"], f"attempt {attempt}"
