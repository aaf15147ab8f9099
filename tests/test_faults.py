"""The fault table of the README: every fault tried, each a test that fails without its protection."""

import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreports.bench import process_tree
from govreports.crawl.destinations import is_public_address, refused_reason
from govreports.parse.urls import report_id
from govreports.replicas import ground_truth, replica_sites
from govreports.replicas.server import running_replicas
from govreports.replicas.site import ReplicaRequest
from govreports.report import build_report
from govreports.schema import SCHEMA_FIELDS
from spiders.platforms.gkmlpt import api_payload, config
from spiders.platforms.hanweb import records
from tests.conftest import REPO, crawl_command

# --- markup: hostile pages stay linear and give a record ------------------------------------

HOSTILE_PAGES = {
    "1 MB of nested tags": "<html><body>" + "<div><span>" * 60000 + "政府信息公开" + "</span></div>" * 60000,
    "10,000 table rows": "<html><body><div id=zoom><p>三、收到和处理政府信息公开申请情况</p><table>"
    + "<tr><td>2.重复申请</td>"
    + "<td>1</td>" * 7
    + "</tr>" * 10000
    + "</table></div></body></html>",
    "1 MB in one line": "<html><body><div id=zoom>" + "政府信息公开工作主动公开" * 90000 + "</div></body></html>",
    "1 MB of pipes": "<html><body><div id=zoom><p>" + "| " * 500000 + "</p></div></body></html>",
    "500,000 one-cell lines": "二、主动公开政府信息情况\n" + "0\n" * 500000,
    "a label with 100,000 notes": "二、主动公开政府信息情况\n规章" + "(注)" * 100000 + "\n0\n0\n0",
    "every CJK punctuation mark": "".join(map(chr, range(0x3000, 0x3040))) * 4000 + "（一）【】《》〔〕",
    "50,000 date strips": "发布时间：2021年1月1日 " * 50000,
    "1 MB of parentheses": "(" * 300000 + "规章" + ")" * 300000,
}


@pytest.mark.parametrize("name", HOSTILE_PAGES)
def test_hostile_page_gives_a_record_in_linear_time(name):
    page = HOSTILE_PAGES[name]
    started = time.perf_counter()
    record = build_report(page, url="http://www.x.gov.cn/a.html", is_html=page.startswith("<html"))
    elapsed = time.perf_counter() - started
    assert list(record) == list(SCHEMA_FIELDS)
    # Measured under 0.7 s each; 3 s leaves room for a slow machine and still catches the
    # quadratic cases (the 100,000-note label took 143 s before note stripping went by index).
    assert elapsed < 3, f"{name}: {elapsed:.1f} s"


def test_nesting_deeper_than_the_parser_keeps_is_flagged_not_silent():
    record = build_report(HOSTILE_PAGES["1 MB of nested tags"], url="http://www.x.gov.cn/a.html")
    assert "markup_too_deep" in record["warnings"]


def test_a_page_of_debris_lines_is_bounded_and_says_so():
    record = build_report(HOSTILE_PAGES["500,000 one-cell lines"], is_html=False)
    assert "lines_truncated:500001" in record["warnings"]


# --- markup and encoding: mutations of real replica pages ------------------------------------


def _replica_pages() -> list[bytes]:
    pages = []
    for site in replica_sites().values():
        for doc in site.documents[::9]:
            parts = urlsplit(doc.url)
            pages.append(site.handle(ReplicaRequest("GET", parts.hostname, parts.path, {}, {}, {})).body)
    return pages


PAGES = _replica_pages()


def _mutate(page: bytes, kind: str, rng: random.Random) -> bytes:
    if kind == "truncate":
        return page[: rng.randrange(len(page))]
    if kind == "unbalance":
        for tag in (b"</td>", b"</tr>", b"</table>", b"</p>", b"</div>"):
            page = page.replace(tag, b"", rng.randrange(1, 30))
        return page
    if kind == "cells":  # a table missing cells here, with extra cells there
        chunks = page.split(b"<td")
        for _ in range(rng.randrange(1, 20)):
            if len(chunks) < 3:
                break
            at = rng.randrange(1, len(chunks))
            if rng.random() < 0.5:
                chunks.pop(at)
            else:
                chunks.insert(at, chunks[at])
        return b"<td".join(chunks)
    spots = sorted(rng.randrange(len(page)) for _ in range(rng.randrange(1, 200)))
    data = bytearray(page)
    for spot in spots:  # random bytes: broken GBK/UTF-8 sequences
        data[spot] = rng.randrange(256)
    return bytes(data)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, len(PAGES) - 1),
    st.sampled_from(("truncate", "unbalance", "cells", "bytes")),
    st.integers(0, 2**32),
)
def test_mutated_replica_pages_give_records_not_exceptions(index, kind, seed):
    record = build_report(_mutate(PAGES[index], kind, random.Random(seed)), url="http://www.x.gov.cn/a.html")
    assert list(record) == list(SCHEMA_FIELDS)
    assert record["statistics"] is None or isinstance(record["statistics"], dict)
    assert len(record["checks"]) in (0, 4)
    assert all(isinstance(w, str) for w in record["warnings"])


# --- untrusted XML and JSON -----------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + ']><datastore><recordset><record><![CDATA[<li><a href="/art/1.html" title="&lol9;">&lol9;</a></li>]]>'
    "</record></recordset></datastore>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><datastore><recordset>'
    '<record><![CDATA[<li><a href="/art/2.html">&xxe;</a></li>]]></record></recordset></datastore>'
)


def test_dataproxy_xml_entities_are_never_expanded_or_resolved():
    started = time.perf_counter()
    (laughs,) = records(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1
    assert "lollol" not in json.dumps(laughs) and laughs["href"] == "/art/1.html"
    (external,) = records(EXTERNAL_ENTITY)
    assert "root:" not in json.dumps(external) and external["href"] == "/art/2.html"


def test_gkmlpt_json_that_is_huge_deep_or_odd_is_refused_quietly():
    assert api_payload(b'{"articles": []}') == {"articles": []}
    assert api_payload(b"[" * 200000 + b"]" * 200000) is None  # would raise RecursionError
    assert api_payload(b'{"articles": ["' + b"x" * 6_000_000 + b'"]}') is None  # over the size cap
    assert api_payload(b"[1, 2]") is None and api_payload(b"\xff\xfe") is None
    assert config("window._CONFIG = {SID: 'a', TREE: " + "[" * 100000 + "]" * 100000 + "}") == ("a", [])
    assert config('_CONFIG={SID:\'a\',TREE:[1, {"id": 3, "name": "年报"}]}')[1] == [1, {"id": 3, "name": "年报"}]


# --- where the crawler may go -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme"),
        ("ftp://www.yuhuan.gov.cn/a.pdf", "scheme"),
        ("javascript:void(0)", "scheme"),
        ("http://127.0.0.1:8765/", "private_address"),
        ("http://10.1.2.3/art/1.html", "private_address"),
        ("http://169.254.169.254/latest/meta-data/", "private_address"),
        ("http://[::1]/", "private_address"),
        ("http://localhost:8080/", "private_address"),
        ("https://www.yuhuan.gov.cn/art/2021/1/1/art_1_2.html", None),
        ("http://202.96.128.86/", None),
    ],
)
def test_destination_policy(url, reason):
    assert refused_reason(url) == reason


class _Recorder(BaseHTTPRequestHandler):
    """A loopback server that answers everything and remembers the Host of each request."""

    hosts: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).hosts.append(self.headers.get("Host", ""))
        body = b"<html><body>ok</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    _Recorder.hosts = []
    server = ThreadingHTTPServer(("0.0.0.0", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


SPIDER = """
import scrapy
class Probe(scrapy.Spider):
    name = "probe"
    allowed_domains = {domains!r}
    start_urls = {start!r}
    def parse(self, response):
        for url in {links!r}:  # links found on the page
            yield scrapy.Request(url, callback=self.parse)
"""


def _probe(tmp_path, urls: list[str], domains: list[str], *settings: str) -> str:
    spider = tmp_path / "probe.py"
    spider.write_text(SPIDER.format(start=urls[:1], links=urls[1:], domains=domains), encoding="utf-8")
    command = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-s", "ROBOTSTXT_OBEY=0"]
    command += ["-s", "SQLITE_PATH=", "-s", "STATS_DIR=", "-s", "RETRY_ENABLED=0", "-s", "DOWNLOAD_TIMEOUT=10"]
    for setting in settings:
        command += ["-s", setting]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    return result.stderr


def test_a_name_resolving_to_a_private_address_is_refused(tmp_path, recorder):
    name = socket.gethostname()
    if is_public_address(socket.gethostbyname(name)):
        pytest.skip(f"{name} resolves to a public address here")
    url = f"http://{name}:{recorder.server_address[1]}/"
    log = _probe(tmp_path, [url], [name])
    assert _Recorder.hosts == [] and "non-public address" in log
    _probe(tmp_path, [url], [name], "TWISTED_DNS_RESOLVER=scrapy.resolver.CachingThreadedResolver")
    assert _Recorder.hosts  # without the resolver the same request reaches the private host


def test_links_off_the_government_domain_are_never_requested(tmp_path, recorder):
    proxy = f"http://127.0.0.1:{recorder.server_address[1]}"
    urls = ["http://www.yuhuan.gov.cn/col/col1/index.html", "http://en.hongxingpaper.com/n1/c1/content.html"]
    _probe(tmp_path, urls, ["yuhuan.gov.cn"], f"REPLICA_PROXY={proxy}")
    assert _Recorder.hosts == ["www.yuhuan.gov.cn"]  # the spam mirror never left the crawler
    _Recorder.hosts.clear()
    _probe(tmp_path, urls, [], f"REPLICA_PROXY={proxy}")
    assert "en.hongxingpaper.com" in _Recorder.hosts  # without allowed_domains it would have gone


# --- storage: kill -9 mid-write, readers during writes ------------------------------------------------

WRITER = """
import sys, time
from govreports.store.store import ReportStore
from govreports.replicas.content import SEED_002_FIGURES
from govreports.parse.checks import consistency_checks
store = ReportStore(sys.argv[1])
i = 0
while True:
    store.upsert({{"report_id": f"r{{i}}", "url": f"http://www.x.gov.cn/{{i}}.html", "title": "t", "text": "报告" * 2000,
                  "year": 2020, "statistics": SEED_002_FIGURES, "checks": consistency_checks(SEED_002_FIGURES)}})
    i += 1
    if i % 20 == 0:
        print(i, flush=True)
    if i >= {limit}:
        break
"""
CELLS_PER_REPORT = 22 + 161 + 15


def _writer(tmp_path, db, limit: int) -> subprocess.Popen:
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(limit=limit), encoding="utf-8")
    return subprocess.Popen([sys.executable, str(script), str(db)], cwd=REPO, stdout=subprocess.PIPE, text=True)


def _consistent(con: sqlite3.Connection) -> None:
    """Every report visible has all of its cells and checks: nothing half-written."""
    rows = con.execute(
        "SELECT r.report_id, (SELECT count(*) FROM statistics s WHERE s.report_id = r.report_id),"
        " (SELECT count(*) FROM checks c WHERE c.report_id = r.report_id) FROM reports r"
    ).fetchall()
    assert all(cells == CELLS_PER_REPORT and checks == 4 for _, cells, checks in rows), rows[:3]


def test_kill_9_mid_write_leaves_a_sound_database(tmp_path):
    db = tmp_path / "r.sqlite"
    writer = _writer(tmp_path, db, limit=10**9)
    while True:
        line = writer.stdout.readline()
        assert line, "the writer ended before it had written 100 reports"  # end of its output
        if int(line) >= 100:
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] >= 100
    _consistent(con)


def test_a_reader_during_writes_is_never_locked_out_nor_sees_half_a_report(tmp_path):
    db = tmp_path / "r.sqlite"
    writer = _writer(tmp_path, db, limit=400)
    writer.stdout.readline()  # the store exists
    reads = 0
    while writer.poll() is None:
        con = sqlite3.connect(db, timeout=5)
        con.execute("BEGIN")  # one snapshot for the whole check
        _consistent(con)
        con.execute("COMMIT")
        con.close()
        reads += 1
    assert writer.returncode == 0 and reads > 5


# --- a crawl killed with -9, then run again ---------------------------------------------------------------


@pytest.mark.parametrize("workers", ["0", "1"])
def test_a_killed_crawl_rerun_ends_with_exactly_the_ground_truth(tmp_path, workers):
    db = tmp_path / "r.sqlite"
    truth = {report_id(t["url"]) for t in ground_truth("leizhou")}
    with running_replicas() as server:
        command = crawl_command("leizhou", server.proxy_url, db, f"PROCESSING_WORKERS={workers}")
        crawl = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and crawl.poll() is None:
            try:
                if sqlite3.connect(db).execute("SELECT count(*) FROM reports").fetchone()[0] >= 40:
                    break
            except sqlite3.Error:
                pass
            time.sleep(0.1)
        children = process_tree(crawl.pid)[1:]
        # A processing worker and the store's writer (beside them, perhaps, a file's reader).
        assert sum("govreports.crawl.workers" in _command_line(pid) for pid in children) == (2 if workers == "1" else 0)
        os.kill(crawl.pid, signal.SIGKILL)
        crawl.wait()
        # Orphaned workers read end-of-file from the crawl and stop (the writer after its group).
        deadline = time.monotonic() + 30
        while any(os.path.exists(f"/proc/{pid}") for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in children if os.path.exists(f"/proc/{pid}")]
        partial = sqlite3.connect(db).execute("SELECT count(*) FROM reports").fetchone()[0]
        assert 0 < partial < len(truth), "the kill must land mid-crawl"
        subprocess.run(command, cwd=REPO, check=True, capture_output=True, timeout=300)
        whole = tmp_path / "whole.sqlite"  # the same crawl, never interrupted
        subprocess.run(
            crawl_command("leizhou", server.proxy_url, whole, f"PROCESSING_WORKERS={workers}"),
            cwd=REPO,
            check=True,
            capture_output=True,
            timeout=300,
        )
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert {row[0] for row in con.execute("SELECT report_id FROM reports")} == truth
    finished = con.execute("SELECT finish_reason FROM crawls ORDER BY crawl_id").fetchall()
    assert finished == [(None,), ("finished",)]  # the killed run is visible as unfinished
    for table, rows in _contents(whole).items():  # every table, not only the reports
        assert _contents(db)[table] == rows, table


def _command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _kill_mid_crawl(command: list[str], db, reports: int = 40) -> None:
    crawl = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and crawl.poll() is None:
        try:
            if sqlite3.connect(db).execute("SELECT count(*) FROM reports").fetchone()[0] >= reports:
                break
        except sqlite3.Error:
            pass
        time.sleep(0.1)
    os.kill(crawl.pid, signal.SIGKILL)
    crawl.wait()


def test_a_jobdir_left_by_a_killed_crawl_is_refused_and_a_run_that_saw_nothing_records_nothing_gone(tmp_path):
    db, jobdir = tmp_path / "r.sqlite", tmp_path / "job"
    with running_replicas() as server:
        command = crawl_command("leizhou", server.proxy_url, db, f"JOBDIR={jobdir}")
        _kill_mid_crawl(command, db)
        stored = sqlite3.connect(db).execute("SELECT count(*) FROM reports").fetchone()[0]
        refused = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert refused.returncode == 2 and "did not stop cleanly" in refused.stderr
        assert sqlite3.connect(db).execute("SELECT count(*) FROM reports").fetchone()[0] == stored
        # A clean run in a fresh JOBDIR finishes and leaves no mark; running it again crawls
        # nothing (the job is done), and such a run tells nothing about what is gone.
        fresh = crawl_command("leizhou", server.proxy_url, db, f"JOBDIR={tmp_path / 'job2'}")
        assert subprocess.run(fresh, cwd=REPO, capture_output=True, timeout=300).returncode == 0
        assert not list((tmp_path / "job2").glob("govreports-running"))
        again = subprocess.run(fresh, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert again.returncode == 2 and "no reports from: leizhou" in again.stderr
    gone = sqlite3.connect(db).execute("SELECT finish_reason, gone FROM crawls ORDER BY crawl_id").fetchall()
    assert gone[-2][0] == "finished" and gone[-2][1] == 0  # the whole run: nothing gone
    assert gone[-1][1] is None  # the run that saw nothing records nothing


_VOLATILE = {"fetched_at", "first_seen_at", "last_seen_at", "http_json"}  # when it was fetched, not what


def _contents(db) -> dict[str, list]:
    """Every table's rows but the crawl log, without the columns that say when, sorted."""
    con = sqlite3.connect(db)
    tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    contents = {}
    for table in tables:
        if table in ("crawls", "sqlite_sequence") or table.startswith("reports_fts"):
            continue
        columns = [row[1] for row in con.execute(f"PRAGMA table_info({table})") if row[1] not in _VOLATILE]
        contents[table] = sorted(con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr)
    return contents
