"""What analysts get beyond one report: deadlines, cross-year checks, search and the overview."""

import datetime as dt
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from govreports.parse.statistics_template import APPLICANT_COLUMNS
from govreports.parse.timeliness import days_late, deadline
from govreports.replicas import replica_sites
from govreports.store.cross_checks import cross_year_checks
from govreports.store.store import ReportStore
from tests.conftest import run_cli


def test_deadlines_follow_the_regulation_of_the_report_year():
    assert deadline(2018, "department") == dt.date(2019, 3, 31)  # 2007 条例 第三十一条: everyone by 31 March
    assert deadline(2018, "township") == dt.date(2019, 3, 31)
    assert deadline(2019, "department") == dt.date(2020, 1, 31)  # 2019 条例 第四十九条
    assert deadline(2021, "county") == dt.date(2022, 3, 31)
    assert deadline(2021, "township") is None  # no date set for townships
    assert deadline(None, "county") is None
    assert days_late(dt.date(2022, 2, 3), dt.date(2022, 1, 31)) == 3
    assert days_late(dt.date(2022, 1, 3), dt.date(2022, 1, 31)) == 0
    assert days_late(None, dt.date(2022, 1, 31)) is None


def test_demo_records_carry_deadline_and_days_late(demo_records):
    record = next(r for r in demo_records["gaoping"] if r["issuer"] == "高平市人民政府办公室" and r["year"] == 2020)
    assert (record["publish_date"], record["deadline"], record["days_late"]) == ("2021-01-29", "2021-01-31", 0)


def _applications(carried_in: dict, carried_out: dict) -> dict:
    return {"applications": {"carried_in": carried_in, "carried_out": carried_out}}


def test_carry_over_between_years_is_checked_per_column():
    last = _applications({}, dict(zip(APPLICANT_COLUMNS, (1, 0, 0, 0, 0, 0, 1), strict=True)))
    same = _applications(dict(zip(APPLICANT_COLUMNS, (1, 0, 0, 0, 0, 0, 1), strict=True)), {})
    off = _applications(dict(zip(APPLICANT_COLUMNS, (0, 2, 0, 0, 0, 0, 2), strict=True)), {})
    blank = _applications(dict.fromkeys(APPLICANT_COLUMNS), {})
    assert cross_year_checks(last, same)[0] == {
        "rule": "carried_over",
        "ok": True,
        "detail": "7 checked",
        "soft": False,
    }
    failed = cross_year_checks(last, off)[0]
    assert failed["ok"] is False
    assert "column natural_person: carried_in 0 ≠ carried_out last year 1" in failed["detail"]
    assert "column total: carried_in 2 ≠ carried_out last year 1" in failed["detail"]
    assert cross_year_checks(last, blank)[0]["ok"] is None
    assert cross_year_checks(None, same)[0]["ok"] is None


def test_valid_documents_is_soft_and_only_for_the_2021_table():
    last = {"active": {"normative_docs": {"issued": 2, "repealed": 0, "valid": 10}}}
    this = {"active": {"normative_docs": {"issued": 3, "repealed": 1, "valid": 13}}}
    valid = cross_year_checks(last, this)[1]
    assert valid["soft"] is True and valid["ok"] is False
    assert valid["detail"] == "normative_docs: valid 13 ≠ last year's 10 + issued 3 − repealed 1 = 12"
    this["active"]["normative_docs"]["valid"] = 12
    assert cross_year_checks(last, this)[1]["ok"] is True
    old_table = {"active": {"normative_docs": {"made": 1, "published": 1, "total_published": 5}}}
    assert len(cross_year_checks(old_table, this)) == 1  # no 现行有效件数 in 2019: not applicable


def test_demo_cross_checks_fail_exactly_where_the_replicas_broke_a_chain(demo_dir):
    expected = {
        (doc.issuer, doc.year, rule)
        for site in replica_sites().values()
        for doc in site.documents
        if doc.is_report and doc.extra.get("in_scope", True)
        for rule in doc.failing_cross_checks
    }
    con = sqlite3.connect(demo_dir / "reports.sqlite")
    failed = set(con.execute("SELECT issuer, year_to, rule FROM cross_checks WHERE ok = 0"))
    assert failed == expected and len(expected) >= 20
    held = con.execute("SELECT count(*) FROM cross_checks WHERE ok = 1").fetchone()[0]
    assert held > 200


def test_search_finds_chinese_substrings_with_highlighted_snippets(demo_dir):
    db = str(demo_dir / "reports.sqlite")
    result = run_cli("search", db, "依申请公开", "--year", "2018", "--level", "county")
    assert result.returncode == 0, result.stderr
    assert "2018 county" in result.stdout and "【依申请公开】" in result.stdout
    assert all(line.startswith("2018 county") for line in result.stdout.splitlines()[::3])
    short = run_cli("search", db, "复议", "--region", "米山镇")  # 2 characters: scanned, not indexed
    assert short.returncode == 0 and "【复议】" in short.stdout and "米山镇" in short.stdout
    for hostile in ('"', "NEAR(a b)", "*", "依申请 AND OR", "'; DROP TABLE reports; --"):
        result = run_cli("search", db, hostile)
        assert result.returncode == 0 and "Traceback" not in result.stderr, hostile
    assert run_cli("search", db, "   ").returncode == 2


def test_summary_shows_coverage_gaps_failures_and_crawls(demo_dir):
    result = run_cli("summary", str(demo_dir / "reports.sqlite"))
    assert result.returncode == 0, result.stderr
    for heading in ("Reports by year and level", "Years found per organ", "Checks that fail", "Late publications"):
        assert heading in result.stdout
    assert "carried_over" in result.stdout
    gap = next(line for line in result.stdout.splitlines() if "蒙自市草坝镇人民政府" in line)
    assert gap.endswith("2019 ■ ■ · ■ ■ 2023  missing 2021")  # the replica never posted its 2021 report
    assert "leizhou" in result.stdout and "finished" in result.stdout


def test_summary_of_an_empty_store_says_so(tmp_path):
    ReportStore(tmp_path / "empty.sqlite").close()
    result = run_cli("summary", str(tmp_path / "empty.sqlite"))
    assert result.returncode == 0 and "no reports yet" in result.stdout
    missing = run_cli("summary", str(tmp_path / "none.sqlite"))
    assert missing.returncode == 2 and "no such database" in missing.stderr


# Straight to loopback, whatever proxy the environment names.
_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_datasette_serves_the_demo_store_with_its_canned_queries(demo_dir, tmp_path):
    db = tmp_path / "reports.sqlite"
    shutil.copy(demo_dir / "reports.sqlite", db)  # a reader of its own; the session's store stays untouched
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "govreports.cli", "serve", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/reports"
        deadline_at = time.monotonic() + 60
        while True:
            try:
                with _LOCAL.open(f"{base}/late_publications.json?_shape=array", timeout=5) as response:
                    late = json.load(response)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline_at, "Datasette did not start"
                time.sleep(0.5)
        assert late and all(row["days_late"] > 0 for row in late)
        with _LOCAL.open(f"{base}/places_missing_a_year.json?_shape=array", timeout=10) as response:
            # An area's reports are one series whoever publishes them (the seeds' offices publish
            # three governments' reports): the one real gap is 草坝镇's 2021.
            assert json.load(response) == [{"issuer": "蒙自市草坝镇人民政府", "missing_year": 2021}]
        with _LOCAL.open(f"{base}/outcome_shares.json?_shape=array", timeout=10) as response:
            shares = json.load(response)
        by_year: dict[int, float] = {}
        for row in shares:
            by_year[row["year"]] = by_year.get(row["year"], 0) + row["percent"]
        assert all(abs(total - 100) < 0.5 for total in by_year.values())
    finally:
        server.terminate()
        server.wait(timeout=20)
    # Stopping `govreports serve` stopped its Datasette: nothing is left listening.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_datasette_metadata_describes_every_table_and_names_units(demo_dir):
    result = run_cli("serve", str(demo_dir / "reports.sqlite"), "--metadata-only")
    metadata = json.loads(result.stdout)["databases"]["reports"]
    con = sqlite3.connect(demo_dir / "reports.sqlite")
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {t for t in tables if not t.startswith(("reports_fts", "sqlite_"))} <= set(metadata["tables"])
    assert "万元" in metadata["tables"]["statistics"]["columns"]["value"]
    assert set(metadata["queries"]) >= {"applications_per_year_and_level", "outcome_shares", "failing_checks"}
    label = con.execute(
        "SELECT row_label, col_label, unit FROM statistics_labels WHERE section = 'active' AND row = 'procurement'"
        " AND col = 'amount'"
    ).fetchone()
    assert label == ("政府集中采购", "采购总金额 (2019年格式)", "万元")


def test_overview_page_renders_offline_in_a_real_browser(demo_dir, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    page, shot = tmp_path / "overview.html", tmp_path / "overview.png"
    result = run_cli("overview", str(demo_dir / "reports.sqlite"), "-o", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 4 and 'http-equiv="Content-Security-Policy"' in html
    assert "蒙自市草坝镇人民政府" in html  # the organ missing a year is listed
    browser = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,1400",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert browser.returncode == 0, browser.stderr[-2000:]
    console = [line for line in browser.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []  # no script errors, and nothing the page's CSP had to block
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    counts = image.resize((320, 350)).getcolors(maxcolors=320 * 350)
    not_white = sum(n for n, rgb in counts if sum(rgb) < 720) / (320 * 350)
    assert not_white > 0.15, f"the screenshot looks blank ({not_white:.0%} drawn)"
    colours = {(r // 32, g // 32, b // 32) for _, (r, g, b) in counts}
    assert len(colours) >= 12  # the charts' series colours, not just black text


def test_every_analyst_command_handles_an_empty_store(tmp_path):
    db = tmp_path / "empty.sqlite"
    ReportStore(db).close()
    search = run_cli("search", str(db), "依申请公开")
    assert search.returncode == 0 and "0 report(s)" in search.stderr
    overview = run_cli("overview", str(db), "-o", str(tmp_path / "o.html"))
    assert overview.returncode == 0 and "no reports yet" in (tmp_path / "o.html").read_text(encoding="utf-8")
    export = run_cli("export", str(db), "-o", str(tmp_path / "s.csv"))
    assert export.returncode == 0 and "0 reports" in export.stderr
    not_sqlite = tmp_path / "notes.sqlite"
    not_sqlite.write_text("not a database")
    result = run_cli("summary", str(not_sqlite))
    assert result.returncode == 2 and "cannot use" in result.stderr and "Traceback" not in result.stderr


def test_a_report_without_a_year_or_date_is_listed_not_fatal(tmp_path):
    db = tmp_path / "r.sqlite"
    store = ReportStore(db)
    store.upsert(
        {
            "report_id": "x",
            "url": "http://www.x.gov.cn/1.html",
            "title": "某镇政府信息公开工作年度报告",
            "text": "依申请公开情况",
            "issuer": "某镇人民政府",
            "level": "township",
            "year": None,
            "publish_date": None,
            "deadline": None,
            "days_late": None,
            "site": "x",
        }
    )
    store.close()
    summary = run_cli("summary", str(db))
    assert summary.returncode == 0 and "1 reports" in summary.stdout
    assert any(line.strip().startswith("?") for line in summary.stdout.splitlines())  # the year-less row
    overview = run_cli("overview", str(db), "-o", str(tmp_path / "o.html"))
    assert overview.returncode == 0, overview.stderr
    assert run_cli("search", str(db), "依申请公开").stdout.startswith("? township 某镇人民政府")
