"""Attachment files (PDF, DOCX, XLSX, DOC/WPS/XLS) → the same HTML the report-page path reads.

Pure functions, shared by the crawl's attachment pipeline, ``govreports parse`` and the tests.
The type comes from the file's first bytes, never from the server's name or Content-Type. The
text comes back as a plain HTML document of ``<p>`` lines and ``<table>`` rows, one ``<td>`` per
cell as written (a merged cell once, on its first row), so cleaning, structuring and the
statistics reader run unchanged. Every failure is a warning flag, never an exception.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from lxml import etree

from govreports.page_document import extract_document
from govreports.text_cleaning import CELL_SEPARATOR

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OLE = "application/x-ole-storage"  # .doc, .wps, .xls, .et: one container format
HTML = "text/html"
EXTRACTABLE = {PDF, DOCX, XLSX, OLE}

MAX_PAGES = 200  # a report runs to 10–40 pages
MAX_XML_PART = 20 * 1024 * 1024  # one XML part of a DOCX/XLSX, uncompressed: far above any report
MAX_SHEET_ROWS = 5_000  # a statistics sheet has ~60 rows
CONVERT_TIMEOUT = 120  # seconds for LibreOffice to turn one DOC/WPS into DOCX

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# The name of an OLE stream, as its directory entry spells it (UTF-16LE): a workbook, not a document.
_OLE_WORKBOOK = "Workbook".encode("utf-16-le")


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
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return DOCX
        return XLSX if "xl/workbook.xml" in names else None
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        return HTML
    return None


def extract(body: bytes) -> Extracted:
    media_type = sniff(body)
    if media_type == PDF:
        return extract_pdf(body)
    if media_type == DOCX:
        return extract_docx(body)
    if media_type == XLSX:
        return extract_xlsx(body)
    if media_type == OLE:
        return convert_and_extract(body)
    flag = "attachment_is_html" if media_type == HTML else "attachment_type_unknown"
    return Extracted(media_type, warnings=[flag])


# --- a report page and its attachment ---------------------------------------------------------

POINTER_PAGE_HAN = 200  # a report page with less text than this only points to its file (详见附件)
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def merge_into(document, extracted: Extracted) -> bool:
    """Give a report page's document what its attachment holds and the page lacks: the whole text
    when the page only points to the file, the tables (each with the line above it, its heading)
    when the page has none. True when the attachment was used."""
    if not extracted.has_text:
        return False
    if sum(len(_HAN_RE.findall(line)) for line in document.lines) < POINTER_PAGE_HAN:
        # The page's own lines are a pointer or, with no body container, site chrome.
        document.lines = extract_document(extracted.html()).lines
        document.warnings = [w for w in document.warnings if w != "body_container_not_found"]
        return True
    if any(CELL_SEPARATOR in line for line in document.lines):
        return False
    tables = []
    for before, block in zip([None, *extracted.blocks], extracted.blocks, strict=False):
        if not isinstance(block, str):
            tables += [before, block] if isinstance(before, str) else [block]
    if not tables:
        return False
    document.lines += extract_document(Extracted(extracted.media_type, tables).html()).lines
    return True


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


class _TooLarge(Exception):
    pass


_XML_PARSER = dict(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _xml_part(archive: zipfile.ZipFile, name: str):
    """One XML part of an Office file, parsed without entities or network, refused past
    ``MAX_XML_PART``: a zip bomb says so in its directory, and one that lies is cut off reading."""
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_PART:
        raise _TooLarge(name)
    with archive.open(info) as member:
        xml = member.read(MAX_XML_PART + 1)
    if len(xml) > MAX_XML_PART:
        raise _TooLarge(name)
    return etree.fromstring(xml, etree.XMLParser(**_XML_PARSER))


_OFFICE_ERRORS = (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError, EOFError, zipfile.LargeZipFile)


def extract_docx(body: bytes) -> Extracted:
    result = Extracted(DOCX)
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            root = _xml_part(archive, "word/document.xml")
    except _TooLarge:
        result.warnings.append("attachment_too_large")
        return result
    except _OFFICE_ERRORS:
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


# --- XLSX -----------------------------------------------------------------------------------


def extract_xlsx(body: bytes) -> Extracted:
    """Each sheet: its name as a line, then its rows as a table. A merged range keeps its text in
    its first cell and leaves no cell elsewhere, as a rowspan/colspan does in HTML."""
    result = Extracted(XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = set(archive.namelist())
            shared = _shared_strings(archive) if "xl/sharedStrings.xml" in names else []
            for name, path in _sheets(archive):
                rows = _sheet_rows(_xml_part(archive, path), shared, result.warnings)
                if rows:
                    result.blocks += [name, rows] if name else [rows]
                result.pages += 1
    except _TooLarge:
        return Extracted(XLSX, warnings=["attachment_too_large"])
    except (*_OFFICE_ERRORS, ValueError, IndexError):
        return Extracted(XLSX, warnings=["attachment_corrupt"])
    if not result.has_text:
        result.warnings.append("attachment_empty")
    return result


def _sheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part path) in the workbook's order."""
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in _xml_part(archive, "xl/_rels/workbook.xml.rels").iter(f"{PACKAGE_RELS}Relationship")
    }
    sheets = []
    for sheet in _xml_part(archive, "xl/workbook.xml").iter(f"{S}sheet"):
        target = targets.get(sheet.get(f"{R}id"), "")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        sheets.append((" ".join((sheet.get("name") or "").split()), path))
    return sheets


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    return ["".join(si.itertext(f"{S}t")) for si in _xml_part(archive, "xl/sharedStrings.xml").iter(f"{S}si")]


_CELL_REF_RE = re.compile(r"([A-Z]+)(\d+)")


def _cell_position(ref: str) -> tuple[int, int]:
    """``"B3"`` → (row 2, column 1), counting from 0."""
    letters, digits = _CELL_REF_RE.fullmatch(ref).groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(digits) - 1, column - 1


def _cell_value(cell, shared: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(cell.find(f"{S}is").itertext(f"{S}t"))
    value = cell.findtext(f"{S}v") or ""
    if kind == "s":
        return shared[int(value)]
    if kind in (None, "n") and value:
        number = float(value)
        return str(int(number)) if number.is_integer() else value
    return value


def _sheet_rows(sheet, shared: list[str], warnings: list[str]) -> list[list[str]]:
    covered = set()  # cells inside a merged range, other than its first
    for merge in sheet.iter(f"{S}mergeCell"):
        first, _, last = merge.get("ref", "").partition(":")
        (r0, c0), (r1, c1) = _cell_position(first), _cell_position(last or first)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    cells: dict[int, dict[int, str]] = {}
    for number, row in enumerate(sheet.iter(f"{S}row")):
        if number >= MAX_SHEET_ROWS:
            warnings.append("sheet_rows_truncated")
            break
        for cell in row.iter(f"{S}c"):
            r, c = _cell_position(cell.get("r"))
            if (r, c) not in covered:
                cells.setdefault(r, {})[c] = " ".join(_cell_value(cell, shared).split())
    filled = [(r, c) for r, row in cells.items() for c, text in row.items() if text]
    if not filled:
        return []
    # The sheet is a grid: a blank cell between or after figures is a blank figure, as an empty
    # <td> is in HTML; a row of several blank cells is kept, as a table's row of blanks is.
    width = max(c for _, c in filled) + 1
    rows = []
    for r in range(min(r for r, _ in filled), max(r for r, _ in filled) + 1):
        row = [cells.get(r, {}).get(c, "") for c in range(width) if (r, c) not in covered]
        if len(row) > 1 or any(row):
            rows.append(row)
    return rows


# --- DOC / WPS --------------------------------------------------------------------------------


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_and_extract(body: bytes) -> Extracted:
    """DOC/WPS (or XLS/ET) through LibreOffice, headless, in a subprocess with a timeout, when it
    is installed; the old binary formats are read from what it converts them to."""
    program = libreoffice()
    if program is None:
        return Extracted(OLE, warnings=["needs_conversion"])
    workbook = _OLE_WORKBOOK in body[: 1 << 20] or b"B\x00o\x00o\x00k\x00\x00\x00" in body[: 1 << 20]
    source_suffix, target, read = ("xls", "xlsx", extract_xlsx) if workbook else ("doc", "docx", extract_docx)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"report.{source_suffix}"
        source.write_bytes(body)
        command = [program, "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile"]
        try:
            subprocess.run(
                [*command, "--convert-to", target, "--outdir", folder, str(source)],
                capture_output=True,
                timeout=CONVERT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Extracted(OLE, warnings=["needs_conversion", "conversion_timeout"])
        converted = Path(folder) / f"report.{target}"
        if not converted.is_file():
            return Extracted(OLE, warnings=["needs_conversion", "conversion_failed"])
        result = read(converted.read_bytes())
    result.media_type = OLE
    return result
