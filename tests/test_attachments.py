"""Attachment reports: extraction accuracy on generated PDF/DOCX/DOC files, the crawl that finds
them, and every kind of bad file the issue lists."""

import io
import json
import subprocess
import time
import zipfile
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.settings import Settings

from govreports.parse import attachments
from govreports.parse.attachments import extract, merge_into, sniff
from govreports.parse.page_document import extract_document
from govreports.replicas import ground_truth, replica_sites
from govreports.replicas.content import SEED_002_FIGURES
from govreports.replicas.documents import report_docx, report_pdf, report_xlsx, scanned_pdf
from govreports.replicas.make_doc_fixture import FIXTURE
from govreports.replicas.scoring import score
from govreports.replicas.server import running_replicas
from govreports.replicas.site import _TABLE_RE, ReplicaRequest
from govreports.report import build_report, clean_document, structure_document
from pipelines.attachment_files import AttachmentFilesPipeline, SafeFSFilesStore, store_path
from tests.conftest import REPO, crawl_command, run_cli


def _tabled_reports(count: int):
    docs = [
        d
        for site in replica_sites().values()
        for d in site.documents
        # (not the pages whose text the replica moved into a file: they no longer hold the tables)
        if d.is_report
        and d.figures
        and d.extra.get("table_layout") in ("table", "table_br")
        and "text_in" not in d.extra
    ]
    return docs[:: max(1, len(docs) // count)][:count]


def _statistics(record: dict) -> dict | None:
    return {k: v for k, v in (record["statistics"] or {}).items() if k != "raw"} or None


@pytest.mark.parametrize("maker", [report_pdf, report_docx], ids=["pdf", "docx"])
def test_generated_attachments_give_back_every_cell_and_the_metadata(maker):
    for doc in _tabled_reports(6):
        extracted = extract(maker(doc.title, doc.body_html))
        assert extracted.warnings == [] and extracted.has_text
        record = build_report(extracted.html(doc.title), url="http://x.gov.cn/P020240101.pdf")
        assert (record["title"], record["year"], record["format"]) == (doc.title, doc.year, doc.template)
        assert _statistics(record) == doc.figures, doc.url


def _page(doc, body: str) -> str:
    return (
        f'<html><body><div class="top">首页 政务服务</div><div id="zoom"><h1>{doc.title}</h1>{body}</div></body></html>'
    )


def _structured(document) -> dict:
    return structure_document(clean_document(document))


def test_a_page_takes_its_tables_from_an_attached_workbook_and_keeps_its_own_text():
    for doc in _tabled_reports(6):
        document = extract_document(_page(doc, _TABLE_RE.sub("", doc.body_html)))
        prose = list(document.lines)
        workbook = extract(report_xlsx(doc.body_html))
        assert workbook.warnings == [] and workbook.media_type == attachments.XLSX
        assert merge_into(document, workbook)
        assert document.lines[: len(prose)] == prose  # the page's text first, then the sheets
        record = _structured(document)
        assert (record["title"], record["year"], record["format"]) == (doc.title, doc.year, doc.template)
        assert _statistics(record) == doc.figures, doc.url


def test_a_page_that_only_points_to_its_file_takes_the_whole_text():
    doc = _tabled_reports(1)[0]
    document = extract_document(_page(doc, "<p>详见附件。</p><p>附件：<a href='x.pdf'>年报.pdf</a></p>"))
    assert merge_into(document, extract(report_pdf(doc.title, doc.body_html)))
    assert _statistics(_structured(document)) == doc.figures


def test_a_whole_page_ignores_its_attachment():
    doc = _tabled_reports(1)[0]
    document = extract_document(_page(doc, doc.body_html))
    lines = list(document.lines)
    assert not merge_into(document, extract(report_xlsx(doc.body_html)))
    assert not merge_into(document, extract(scanned_pdf()))
    assert document.lines == lines


@pytest.mark.skipif(attachments.libreoffice() is None, reason="LibreOffice is not installed")
def test_an_old_binary_workbook_is_read_through_libreoffice(tmp_path):
    doc = _tabled_reports(1)[0]
    (tmp_path / "t.xlsx").write_bytes(report_xlsx(doc.body_html))
    subprocess.run(
        [attachments.libreoffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile"]
        + ["--convert-to", "xls", "--outdir", str(tmp_path), str(tmp_path / "t.xlsx")],
        capture_output=True,
        timeout=120,
    )
    if not (tmp_path / "t.xls").is_file():
        pytest.skip("LibreOffice has no Calc (libreoffice-calc-nogui) to write the .xls fixture")
    xls = (tmp_path / "t.xls").read_bytes()
    assert sniff(xls) == attachments.OLE
    extracted = extract(xls)
    assert extracted.warnings == [] and extracted.blocks == extract(report_xlsx(doc.body_html)).blocks


@pytest.mark.skipif(attachments.libreoffice() is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_a_doc_is_converted_by_libreoffice():
    body = FIXTURE.read_bytes()
    assert sniff(body) == attachments.OLE
    record = build_report(extract(body).html(), url="http://x.gov.cn/W0.doc")
    assert _statistics(record) == SEED_002_FIGURES


def test_a_doc_without_libreoffice_is_recorded_as_needing_conversion(monkeypatch):
    monkeypatch.setattr(attachments, "libreoffice", lambda: None)
    assert extract(FIXTURE.read_bytes()).warnings == ["needs_conversion"]


def test_a_scan_needs_ocr_and_has_no_text():
    extracted = extract(scanned_pdf())
    assert extracted.warnings == ["needs_ocr"] and not extracted.has_text and extracted.pages == 2


def test_bad_files_give_specific_warnings_never_exceptions():
    doc = _tabled_reports(1)[0]
    pdf = report_pdf(doc.title, doc.body_html)
    assert extract(report_pdf(doc.title, doc.body_html, password="secret")).warnings == ["attachment_encrypted"]
    for cut in (100, len(pdf) // 2, len(pdf) - 200):
        assert extract(pdf[:cut]).warnings == ["attachment_corrupt"]
    error_page = "<!DOCTYPE html><html><body>404 文件不存在</body></html>".encode()
    assert extract(error_page).warnings == ["attachment_is_html"]
    assert extract(b"\x00\x01garbage").warnings == ["attachment_type_unknown"]
    docx = report_docx(doc.title, doc.body_html)
    assert extract(docx[: len(docx) // 2]).warnings in (["attachment_corrupt"], ["attachment_type_unknown"])


def test_a_docx_zip_bomb_is_refused_without_inflating_it():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(1024):  # 1 GB of spaces, about 1 MB compressed
                member.write(b" " * (1024 * 1024))
    bomb = out.getvalue()
    assert len(bomb) < 3 * 1024 * 1024
    started = time.perf_counter()
    assert extract(bomb).warnings == ["attachment_too_large"]
    assert time.perf_counter() - started < 2


def test_store_paths_come_from_the_url_hash_never_from_the_server():
    pipeline = AttachmentFilesPipeline.__new__(AttachmentFilesPipeline)
    request = Request("http://www.x.gov.cn/module/download/downfile.jsp?filename=../../../../etc/cron.d/x.pdf")
    response = Response(
        request.url, headers={"Content-Disposition": 'attachment; filename="../../../.bashrc"'}, request=request
    )
    path = pipeline.file_path(request, response=response)
    assert path == store_path(request.url)
    assert path.startswith("full/") and ".." not in path and len(path.rsplit("/", 1)[1]) == 40


def test_the_file_store_tolerates_a_sharing_worker_and_never_leaves_half_a_file(tmp_path, monkeypatch):
    store = SafeFSFilesStore(str(tmp_path / "files"))
    # Another worker creates the directory between our check and our mkdir (this failed in CI).
    (tmp_path / "files/full/ab").mkdir(parents=True)
    monkeypatch.setattr(type(tmp_path), "exists", lambda self: False)
    store.persist_file("full/ab/one", io.BytesIO(b"%PDF-1.4 whole"), info=None)
    monkeypatch.undo()
    assert (tmp_path / "files/full/ab/one").read_bytes() == b"%PDF-1.4 whole"

    def killed_before_the_file_is_whole(*args):
        raise OSError("killed")

    monkeypatch.setattr("os.replace", killed_before_the_file_is_whole)
    with pytest.raises(OSError):
        store.persist_file("full/ab/two", io.BytesIO(b"%PDF-1.4 half"), info=None)
    assert sorted(p.name for p in (tmp_path / "files/full/ab").iterdir()) == ["one"]


def test_the_crawl_reads_attachment_reports_and_skips_off_site_copies(tmp_path):
    with running_replicas() as server:
        command = crawl_command("gaoping", server.proxy_url, tmp_path / "r.sqlite") + ["-O", str(tmp_path / "r.jsonl")]
        subprocess.run(command, cwd=REPO, check=True, capture_output=True, timeout=300)
    records = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    result = score(records, ground_truth("gaoping"))
    assert (result.missing, result.unexpected, result.mismatches, result.cell_errors) == ([], [], [], [])
    by_url = {r["url"]: r for r in records}
    kinds = {
        doc.url: doc.extra["attachment"] for doc in replica_sites()["gaoping"].documents if "attachment" in doc.extra
    }
    assert sorted(kinds.values()) == ["docx", "pdf", "pdf", "scan"]
    for url, kind in kinds.items():
        (attachment,) = by_url[url]["attachments"]
        assert attachment["url"] == url and len(attachment["sha1"]) == 40
        assert attachment["used_for_text"] is (kind != "scan")
        assert ("needs_ocr" in by_url[url]["warnings"]) is (kind == "scan")
    seed = next(r for r in records if r["url"].endswith("t20210129_1348661.shtml"))
    mirror, word = sorted(seed["attachments"], key=lambda a: a["url"])
    assert word["url"].endswith(".doc") and word["bytes"] == FIXTURE.stat().st_size and not word["used_for_text"]
    assert mirror["url"].startswith("http://wenku.example.com/") and mirror["status"].startswith("failed")


def test_hanweb_downloads_follow_the_redirect_and_pointer_pages_read_their_file(demo_records):
    for site in ("yuhuan", "leizhou", "xunyi"):
        by_url = {r["url"]: r for r in demo_records[site]}
        for doc in replica_sites()[site].documents:
            if "attachment" not in doc.extra and "text_in" not in doc.extra:
                continue
            (attachment,) = by_url[doc.url]["attachments"]
            assert attachment["used_for_text"] and attachment["status"] == "extracted", attachment
            assert attachment["url"] == urljoin(doc.url, doc.extra.get("text_in", doc.url))
    # The Hanweb column page keeps its list in a script island: its file links are still followed.
    kinds = sorted(a["media_type"].rsplit(".", 1)[-1] for r in demo_records["yuhuan"] for a in r["attachments"])
    assert kinds == ["application/pdf", "document", "sheet"]


def test_vsb_downloads_need_the_referer_the_pipeline_sends():
    site = replica_sites()["xunyi"]
    page = next(d for d in site.documents if "text_in" in d.extra)
    download = urlsplit(page.extra["text_in"])

    def fetch(headers):
        query = dict(parse_qsl(download.query))
        return site.handle(ReplicaRequest("GET", download.hostname, download.path, query, {}, headers))

    refused = fetch({})
    assert extract(refused.body).warnings == ["attachment_is_html"] and "非法下载" in refused.body.decode()
    item = {"url": page.url, "file_urls": [page.extra["text_in"]], "page": {"html": "<html></html>"}}
    info = type("Info", (), {"spider": type("Spider", (), {"settings": Settings({"ATTACHMENT_MAXSIZE": 10})})})
    (request,) = AttachmentFilesPipeline.get_media_requests(None, item, info)
    assert request.headers["Referer"].decode() == page.url  # the report page that links the file
    assert sniff(fetch({"Referer": page.url}).body) in (attachments.PDF, attachments.DOCX)


def test_a_200_mb_attachment_is_cut_off_at_the_cap_and_the_crawl_goes_on(tmp_path):
    with running_replicas(faults={"xxgk.sxgp.gov.cn": "huge_files"}) as server:
        command = crawl_command(
            "gaoping", server.proxy_url, tmp_path / "r.sqlite", f"STATS_DIR={tmp_path}", "ATTACHMENT_MAXSIZE=1000000"
        )
        subprocess.run(command, cwd=REPO, check=True, capture_output=True, timeout=300)
        served = server.bytes_served
    (stats_file,) = tmp_path.glob("gaoping-*.json")
    stats = json.loads(stats_file.read_text())
    attachment_only = 4
    assert stats["run/reports"] == len(ground_truth("gaoping")) - attachment_only
    assert stats["attachment/report_unreadable"] == attachment_only
    assert served < 20 * 1024 * 1024  # five files of 200 MB were announced


def test_parse_reads_attachment_files(tmp_path):
    doc = _tabled_reports(1)[0]
    pdf, docx = tmp_path / "report.pdf", tmp_path / "report.docx"
    pdf.write_bytes(report_pdf(doc.title, doc.body_html))
    docx.write_bytes(report_docx(doc.title, doc.body_html))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf())
    result = run_cli("parse", str(pdf), str(docx), str(scan))
    assert result.returncode == 0, result.stderr
    first, second, third = (json.loads(line) for line in result.stdout.splitlines())
    assert _statistics(first) == _statistics(second) == doc.figures
    assert first["attachments"][0]["media_type"] == "application/pdf" and first["attachments"][0]["used_for_text"]
    assert "needs_ocr" in third["warnings"] and third["text"] == ""
