"""Hostile files and careless use: each case comes out as a flag or a message, never an exception,
a hang, or damage to stored data. (Crash recovery is in test_faults.py.)"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreports.parse import attachments, page_document
from govreports.parse.attachments import extract_docx, extract_pdf, extract_xlsx
from govreports.parse.limits import Limits
from govreports.parse.sandbox import extract_contained
from govreports.report import build_report
from tests import hostile
from tests.conftest import REPO, run_cli

# --- workbooks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,rows",
    [
        ("cells_without_references", [["规章", "1", "2"], ["行政规范性文件", "3", "4"]]),
        ("lowercase_and_invalid_references", [["规章", "5", "6"]]),  # the bad reference takes the next column
        ("inline_string_without_text", [["", "7"]]),
        ("malformed_merges", [["行政许可", "8"]]),
        ("one_cell_far_away", [["1"]]),  # ZZZZZZZ1 is no cell: it stands where it is written, then A1 replaces it
        ("corners_of_the_sheet", [["规章", ""], ["", "9"]]),  # two cells, a grid of four, not of 17 billion
        ("merge_over_the_sheet", [["规章"]]),  # the range is kept as its corners
    ],
)
def test_an_ordinary_or_odd_workbook_is_read_not_dropped(name, rows):
    extracted = extract_xlsx(hostile.WORKBOOKS[name])
    assert extracted.warnings == [] and extracted.blocks == ["统计表", rows]


def test_a_workbook_past_the_cell_limit_is_cut_off_with_a_flag():
    cells = "".join(f'<row r="{r}">' + hostile.number_cell(None, r) * 30 + "</row>" for r in range(1, 11))
    extracted = extract_xlsx(hostile.workbook(cells), Limits(cells=100))
    assert "table_too_large" in extracted.warnings
    assert len(extracted.blocks[1]) == 4  # three rows whole, the fourth where the limit ran out


def test_the_decompressed_parts_of_a_file_share_one_limit():
    assert extract_xlsx(hostile.WORKBOOKS["cells_without_references"], Limits(decompressed_bytes=300)).warnings == [
        "attachment_too_large"
    ]


_REFS = st.one_of(
    st.none(),
    st.sampled_from(["A1", "b2", "C3", "XFD1048576", "ZZZZZZZ1", "A0", "1A", "", "$B$2", "AAA99999999"]),
    st.from_regex(r"[A-Za-z]{1,4}[0-9]{1,8}", fullmatch=True),
)
_CELLS = st.lists(
    st.tuples(_REFS, st.sampled_from(["n", "s", "inlineStr", "str", "b", None]), st.booleans(), st.text(max_size=5)),
    max_size=12,
)
_MERGES = st.lists(st.tuples(_REFS, _REFS), max_size=4)


def _fuzzed_workbook(rows: list, merges: list) -> bytes:
    def cell(ref, kind, has_value, text):
        attributes = (f' r="{ref}"' if ref is not None else "") + (f' t="{kind}"' if kind else "")
        if kind == "inlineStr":
            inner = f"<is><t>{text}</t></is>" if has_value else ""
        else:
            inner = f"<v>{text}</v>" if has_value else ""
        return f"<c{attributes}>{inner}</c>"

    body = "".join("<row>" + "".join(cell(*c) for c in row) + "</row>" for row in rows)
    ranges = "".join(f'<mergeCell ref="{a or ""}:{b or ""}"/>' for a, b in merges)
    escaped = body.replace("&", "&amp;")
    return hostile.workbook(escaped, f"<mergeCells>{ranges}</mergeCells>" if ranges else "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_CELLS, max_size=6), merges=_MERGES)
def test_no_workbook_shape_raises_or_grows_past_its_cells(rows, merges):
    extracted = extract_xlsx(_fuzzed_workbook(rows, merges))
    present = sum(len(row) for row in rows)
    for block in extracted.blocks:
        if isinstance(block, list):
            assert len(block) * max(len(row) for row in block) <= max(present, 1) ** 2
    assert set(extracted.warnings) <= {"attachment_empty", "attachment_corrupt", "table_too_large"}


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _document(body: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>')
    return out.getvalue()


_TC = st.tuples(st.sampled_from(["", "restart", "continue", "bogus"]), st.integers(-2, 99), st.text(max_size=4))


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(_TC, max_size=6), max_size=6), paragraphs=st.lists(st.text(max_size=8), max_size=4))
def test_no_document_table_shape_raises(rows, paragraphs):
    def tc(merge, span, text):
        props = (f'<w:vMerge w:val="{merge}"/>' if merge else "") + f'<w:gridSpan w:val="{span}"/>'
        text = text.replace("&", "&amp;").replace("<", "&lt;")
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    table = "<w:tbl>" + "".join("<w:tr>" + "".join(tc(*c) for c in row) + "</w:tr>" for row in rows) + "</w:tbl>"
    text = "".join(
        f"<w:p><w:r><w:t>{t.replace('&', '&amp;').replace('<', '&lt;')}</w:t></w:r></w:p>" for t in paragraphs
    )
    extracted = extract_docx(_document(text + table), Limits(cells=20))
    assert set(extracted.warnings) <= {"attachment_empty", "attachment_corrupt", "table_too_large"}


# --- PDFs ----------------------------------------------------------------------------------------------


@settings(max_examples=12, deadline=None)
@given(pages=st.integers(1, 40), limit=st.integers(1, 12))
def test_only_the_first_pages_of_a_pdf_are_built(pages, limit):
    from pdfplumber.page import Page

    built = []
    original = Page.__init__

    def counting(self, *args, **kwargs):
        built.extend([1] if type(self) is Page else [])  # not the filtered views of a page
        original(self, *args, **kwargs)

    Page.__init__ = counting
    try:
        extracted = extract_pdf(hostile.pdf_pages(pages, b"BT ET"), Limits(pages=limit))
    finally:
        Page.__init__ = original
    assert extracted.pages == len(built) == min(pages, limit)
    truncated = [w for w in extracted.warnings if w.startswith("attachment_pages_truncated")]
    assert truncated == ([f"attachment_pages_truncated:{pages}"] if pages > limit else [])


def test_a_blank_pdf_is_empty_not_a_scan():
    assert extract_pdf(hostile.blank_pdf()).warnings == ["attachment_empty"]


def test_a_pdf_that_inflates_past_the_memory_limit_is_flagged_in_its_child_process():
    assert extract_contained(hostile.inflating_pdf(1 << 30)).warnings == ["attachment_too_large"]


def test_a_pdf_that_takes_too_long_is_stopped_at_the_time_limit():
    slow = hostile.pdf_pages(50, b"0 0 m 1 1 l S\n" * (16 << 16))
    assert extract_contained(slow, Limits(seconds=1)).warnings == ["attachment_timeout"]


# --- pages ------------------------------------------------------------------------------------------------


def test_a_page_of_millions_of_cells_is_cut_off_with_a_flag():
    record = build_report(hostile.wide_page(300_000).decode(), url="http://www.example.gov.cn/a.html")
    assert "table_too_large" in record["warnings"] and record["title"]


def test_a_page_past_the_byte_limit_is_read_from_its_beginning(monkeypatch):
    monkeypatch.setattr(page_document, "LIMITS", Limits(page_bytes=2000))
    record = build_report(hostile.wide_page(2000).decode(), url="http://www.example.gov.cn/a.html")
    assert "page_too_large" in record["warnings"] and "年度报告" in record["text"]


def test_control_characters_leave_every_text_field():
    page = (
        "<html><head><title>某县2021年政府信息公开工作年度报告\x1b[2J\x1b]0;PWNED\x07</title></head><body>"
        "<div id='zoom'><p>某县2021年政府信息公开工作年度报告\x1b]0;PWNED\x07</p>"
        "<p>本报告所列数据统计期限自2021年1月1日至2021年12月31日。\x1b[31m红字\x9b</p></div></body></html>"
    )
    record = build_report(page, url="http://www.example.gov.cn/a.html")
    text = json.dumps(record, ensure_ascii=False)
    assert not any(ord(char) < 32 and char not in "\n\t" or 0x7F <= ord(char) <= 0x9F for char in text)
    assert "红字" in record["text"] and "PWNED" in json.dumps(record["title"] or record["text"], ensure_ascii=False)


# --- the command line --------------------------------------------------------------------------------------


def test_parse_reads_every_file_on_its_own_and_exits_1_at_the_end(tmp_path):
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.html"
    zero.symlink_to("/dev/zero")
    (tmp_path / "odd.xlsx").write_bytes(hostile.WORKBOOKS["cells_without_references"])
    good = tmp_path / "good.html"
    good.write_text("<html><body><div id='zoom'><p>某县2021年政府信息公开工作年度报告</p></div></body></html>")
    result = run_cli("parse", str(fifo), str(zero), str(tmp_path / "odd.xlsx"), str(good), str(tmp_path / "a.odt"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 2  # the workbook and the page
    errors = result.stderr.splitlines()
    assert len(errors) == 3 and "not a regular file" in errors[0] and "not a regular file" in errors[1]
    assert ".xlsx, .xls or .et" in errors[2]


def test_random_bytes_in_a_text_file_are_suspected_mojibake(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(256)) * 8)
    record = json.loads(run_cli("parse", str(path)).stdout)
    assert "mojibake_suspected" in record["warnings"]


@pytest.fixture
def small_store(tmp_path):
    from govreports.store.store import ReportStore

    record = build_report(
        "<html><body><div id='zoom'><p>某县2021年政府信息公开工作年度报告\x1b]0;PWNED\x07</p>"
        "<p>本报告所列数据统计期限自2021年1月1日至2021年12月31日。主动公开政府信息100条。</p></div></body></html>",
        url="http://www.example.gov.cn/a.html",
    )
    store = ReportStore(tmp_path / "s.sqlite")
    store.upsert(record)
    store.close()
    return tmp_path / "s.sqlite"


def _tables(path) -> list:
    return sorted(sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall())


def test_outputs_never_land_on_a_database(small_store, tmp_path):
    before = small_store.read_bytes()
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE mine (x)").connection.commit()
    for command in (("export", "-o"), ("export", "--format", "jsonl", "-o"), ("overview", "-o")):
        for target in (small_store, other):
            result = run_cli(command[0], str(small_store), *command[1:], str(target))
            assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert small_store.read_bytes() == before and _tables(other) == [("mine",)]
    for target, message in ((tmp_path / "none" / "x.csv", "does not exist"), (tmp_path, "is a directory")):
        result = run_cli("export", str(small_store), "-o", str(target))
        assert result.returncode == 2 and message in result.stderr


def test_export_jsonl_writes_every_stored_record(small_store, tmp_path):
    out = tmp_path / "all.jsonl"
    assert run_cli("export", str(small_store), "--format", "jsonl", "-o", str(out)).returncode == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1 and records[0]["summary"]["active_disclosure_total"] == 100
    assert not list(tmp_path.glob(".*partial"))


def test_analysis_refuses_what_is_not_a_store_and_changes_nothing(tmp_path):
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE mine (x)").connection.commit()
    for path in (empty, other):
        for command in (("summary",), ("search", "年度报告"), ("export", "-o", str(tmp_path / "x.csv"))):
            result = run_cli(command[0], str(path), *command[1:])
            assert result.returncode == 2 and "not" in result.stderr and "Traceback" not in result.stderr
    assert empty.read_bytes() == b"" and _tables(other) == [("mine",)]


@pytest.mark.parametrize(
    "arguments,message",
    [
        ([" ".join(f"词语{i}" for i in range(20))], "terms; a query takes at most"),
        (["长" * 60], "characters"),
        (["年度报告", "--year", "99999999999999999999"], "not a report year"),
        (["年度报告", "--limit", "-1"], "--limit must be between"),
    ],
)
def test_search_refuses_queries_no_person_types(small_store, arguments, message):
    result = run_cli("search", str(small_store), *arguments)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_search_prints_no_terminal_escapes(small_store):
    result = run_cli("search", str(small_store), "年度报告")
    assert result.returncode == 0 and "年度报告" in result.stdout
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout


def test_crawls_open_no_console_of_any_kind():
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "govreports.crawl.settings")
    project = get_project_settings()
    assert project.getbool("REMOTE_CONTROL_ENABLED") is False and project.getbool("TELNETCONSOLE_ENABLED") is False


def test_a_portal_crawl_of_a_file_url_is_a_usage_error_not_a_traceback():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "url=file:///etc/passwd"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 2 and "a portal's home page" in result.stderr
    assert "Task exception was never retrieved" not in result.stderr and "Traceback" not in result.stderr


def test_attachment_extraction_is_done_in_a_child_held_to_the_limits(monkeypatch):
    seen = []
    monkeypatch.setattr(attachments, "extract", lambda body, limits=None: seen.append(body))
    assert extract_contained(hostile.blank_pdf()).warnings == ["attachment_empty"]
    assert seen == []  # not in this process
