"""Attachment files (PDF, DOCX, DOC/WPS) → the same HTML the report-page path reads.

Pure functions, shared by the crawl's attachment pipeline, ``govreports parse`` and the tests.
The type comes from the file's first bytes, never from the server's name or Content-Type. The
text comes back as a plain HTML document of ``<p>`` lines and ``<table>`` rows, one ``<td>`` per
cell as written (a merged cell once, on its first row), so cleaning, structuring and the
statistics reader run unchanged. Every failure is a warning flag, never an exception.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from lxml import etree

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OLE = "application/x-ole-storage"  # .doc, .wps (and .xls, .et): one container format
HTML = "text/html"
EXTRACTABLE = {PDF, DOCX, OLE}
SUFFIX = {PDF: ".pdf", DOCX: ".docx", OLE: ".doc", HTML: ".html", None: ".bin"}

MAX_PAGES = 200  # a report runs to 10–40 pages
MAX_DOCX_XML = 20 * 1024 * 1024  # word/document.xml, uncompressed: far above any report
CONVERT_TIMEOUT = 120  # seconds for LibreOffice to turn one DOC/WPS into DOCX

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Extracted:
    """What a file gave: ``blocks`` are lines (str) and tables (lists of rows of cells)."""

    media_type: str | None
    blocks: list = field(default_factory=list)
    pages: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return any(block for block in self.blocks)

    def html(self, title: str | None = None) -> str:
        parts = [f"<html><head><title>{escape(title or '')}</title></head><body>"]
        for block in self.blocks:
            if isinstance(block, str):
                parts.append(f"<p>{escape(block)}</p>")
            else:
                rows = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in block)
                parts.append(f"<table>{rows}</table>")
        parts.append("</body></html>")
        return "".join(parts)


def sniff(body: bytes) -> str | None:
    """The media type the bytes really are (None: unknown)."""
    head = body[:1024]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                return DOCX if "word/document.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        return HTML
    return None


def extract(body: bytes) -> Extracted:
    media_type = sniff(body)
    if media_type == PDF:
        return extract_pdf(body)
    if media_type == DOCX:
        return extract_docx(body)
    if media_type == OLE:
        return convert_and_extract(body)
    flag = "attachment_is_html" if media_type == HTML else "attachment_type_unknown"
    return Extracted(media_type, warnings=[flag])


# --- PDF ------------------------------------------------------------------------------------


def extract_pdf(body: bytes) -> Extracted:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    result = Extracted(PDF)
    try:
        with pdfplumber.open(io.BytesIO(body)) as pdf:
            pages = pdf.pages
            if len(pages) > MAX_PAGES:
                result.warnings.append(f"attachment_pages_truncated:{len(pages)}")
            images = 0
            for page in pages[:MAX_PAGES]:
                result.pages += 1
                images += len(page.images)
                result.blocks += _pdf_page_blocks(page)
                page.close()  # pdfplumber caches each page's objects; free them as we go
    except (PdfminerException, PDFEncryptionError, PDFPasswordIncorrect) as exc:
        cause = exc.args[0] if exc.args else exc
        encrypted = isinstance(cause, (PDFEncryptionError, PDFPasswordIncorrect)) or "password" in repr(cause).lower()
        result.warnings.append("attachment_encrypted" if encrypted else "attachment_corrupt")
        return result
    except Exception:  # pdfminer raises many kinds on a damaged file; all mean the same to us
        result.warnings.append("attachment_corrupt")
        return result
    text = "".join(block for block in result.blocks if isinstance(block, str))
    if "(cid:" in text and text.count("(cid:") * 8 > len(text) / 4:
        result.warnings.append("pdf_cid_garbage")  # a font without a Unicode map: the text is codes
    if not result.has_text:
        result.warnings.append("needs_ocr" if images or result.pages else "attachment_empty")
    return result


def _pdf_page_blocks(page) -> list:
    """Lines and tables of one page, top to bottom; table text is not repeated as lines."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside(obj) -> bool:
        mid_x, mid_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in boxes)

    text_part = page.filter(outside) if boxes else page
    placed = [(line["top"], line["text"].strip()) for line in text_part.extract_text_lines()]
    for table in tables:
        rows = [[" ".join((cell or "").split()) for cell in row if cell is not None] for row in table.extract()]
        placed.append((table.bbox[1], [row for row in rows if row]))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed if block]


# --- DOCX -----------------------------------------------------------------------------------


def extract_docx(body: bytes) -> Extracted:
    result = Extracted(DOCX)
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML:  # a zip bomb says so in its directory…
                result.warnings.append("attachment_too_large")
                return result
            with archive.open(info) as member:
                xml = member.read(MAX_DOCX_XML + 1)  # …and one that lies is cut off here
            if len(xml) > MAX_DOCX_XML:
                result.warnings.append("attachment_too_large")
                return result
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
        root = etree.fromstring(xml, parser)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError, EOFError, zipfile.LargeZipFile):
        result.warnings.append("attachment_corrupt")
        return result
    body_element = root.find(f"{W}body")
    for element in body_element if body_element is not None else ():
        if element.tag == f"{W}p":
            text = _docx_text(element)
            if text:
                result.blocks.append(text)
        elif element.tag == f"{W}tbl":
            result.blocks.append(_docx_table(element))
    result.pages = 1
    if not result.has_text:
        result.warnings.append("attachment_empty")
    return result


def _docx_text(element) -> str:
    return " ".join("".join(element.itertext(f"{W}t")).split())


def _docx_table(table) -> list[list[str]]:
    rows = []
    for tr in table.iter(f"{W}tr"):
        cells = []
        for tc in tr.findall(f"{W}tc"):
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(f"{W}val", "continue") == "continue":
                continue  # covered by the cell above, as a rowspan leaves no <td>
            cells.append(" ".join(_docx_text(p) for p in tc.iter(f"{W}p")).strip())
        if cells:
            rows.append(cells)
    return rows


# --- DOC / WPS --------------------------------------------------------------------------------


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_and_extract(body: bytes) -> Extracted:
    """DOC/WPS through LibreOffice (headless, in a subprocess with a timeout) when installed."""
    program = libreoffice()
    if program is None:
        return Extracted(OLE, warnings=["needs_conversion"])
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.doc"
        source.write_bytes(body)
        try:
            subprocess.run(
                [
                    program,
                    "--headless",
                    "--norestore",
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--convert-to",
                    "docx",
                    "--outdir",
                    folder,
                    str(source),
                ],
                capture_output=True,
                timeout=CONVERT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Extracted(OLE, warnings=["needs_conversion", "conversion_timeout"])
        converted = Path(folder) / "report.docx"
        if not converted.is_file():
            return Extracted(OLE, warnings=["needs_conversion", "conversion_failed"])
        result = extract_docx(converted.read_bytes())
    result.media_type = OLE
    return result
