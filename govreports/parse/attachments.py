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
import time
import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from lxml import etree

from govreports.parse.limits import LIMITS, Limits
from govreports.parse.page_document import extract_document
from govreports.parse.text_cleaning import CELL_SEPARATOR

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OLE = "application/x-ole-storage"  # .doc, .wps, .xls, .et: one container format
HTML = "text/html"
EXTRACTABLE = {PDF, DOCX, XLSX, OLE}

CONVERT_TIMEOUT = 120  # seconds for LibreOffice to turn one DOC/WPS into DOCX
MAX_MERGES = 5_000  # merged ranges of one sheet; a statistics sheet has a few dozen

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


def extract(body: bytes, limits: Limits = LIMITS) -> Extracted:
    """The file's lines and tables, within ``limits`` (in this process: ``sandbox.extract_contained``
    runs it in a child held to the time and memory limits too)."""
    media_type = sniff(body)
    if media_type == PDF:
        return extract_pdf(body, limits)
    if media_type == DOCX:
        return extract_docx(body, limits)
    if media_type == XLSX:
        return extract_xlsx(body, limits)
    if media_type == OLE:
        return convert_and_extract(body, limits)
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


def extract_pdf(body: bytes, limits: Limits = LIMITS) -> Extracted:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1
    from pdfplumber.page import Page
    from pdfplumber.utils.exceptions import PdfminerException

    result = Extracted(PDF)
    started = time.monotonic()
    try:
        # Not ``with``: pdfplumber's close() builds every page of the file to close it. The stream is
        # our own BytesIO, and each page read is closed as we go.
        pdf = pdfplumber.open(io.BytesIO(body))
        # Pages one at a time from the page tree, so a file of 240,000 pages costs what its
        # first ``limits.pages`` do; the count comes from the tree's root, without building any.
        declared = resolve1(pdf.doc.catalog.get("Pages") and resolve1(pdf.doc.catalog["Pages"]).get("Count"))
        if isinstance(declared, int) and declared > limits.pages:
            result.warnings.append(f"attachment_pages_truncated:{declared}")
        images = 0
        for number, page_object in enumerate(PDFPage.create_pages(pdf.doc), start=1):
            if number > limits.pages:
                if not any(w.startswith("attachment_pages_truncated") for w in result.warnings):
                    result.warnings.append(f"attachment_pages_truncated:{number}+")
                break
            if time.monotonic() - started > limits.seconds:
                result.warnings.append("attachment_timeout")
                break
            page = Page(pdf, page_object, page_number=number, initial_doctop=0)
            result.pages += 1
            images += len(page.images)
            result.blocks += _pdf_page_blocks(page)
            page.close()  # pdfplumber caches each page's objects; free them as we go
    except (PdfminerException, PDFEncryptionError, PDFPasswordIncorrect) as exc:
        cause = exc.args[0] if exc.args else exc
        encrypted = isinstance(cause, (PDFEncryptionError, PDFPasswordIncorrect)) or "password" in repr(cause).lower()
        flag = "attachment_too_large" if _out_of_memory(exc) else "attachment_corrupt"
        result.warnings.append("attachment_encrypted" if encrypted else flag)
        return result
    except Exception as exc:  # pdfminer raises many kinds on a damaged file; all mean the same to us
        result.warnings.append("attachment_too_large" if _out_of_memory(exc) else "attachment_corrupt")
        return result
    text = "".join(block for block in result.blocks if isinstance(block, str))
    if "(cid:" in text and text.count("(cid:") * 8 > len(text) / 4:
        result.warnings.append("pdf_cid_garbage")  # a font without a Unicode map: the text is codes
    if not result.has_text:
        # Pictures and no text: a scan. Neither: an empty file, nothing to read by any means.
        result.warnings.append("needs_ocr" if images else "attachment_empty")
    return result


def _out_of_memory(exc: BaseException) -> bool:
    """Whether a parser's exception, however wrapped, comes from running out of memory."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, MemoryError) or any(isinstance(arg, MemoryError) for arg in exc.args):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


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


class _Parts:
    """The XML parts of one Office file, parsed without entities or network, all of them together
    held to ``limits.decompressed_bytes``: a zip bomb says so in its directory, and one that lies
    is cut off while inflating."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits) -> None:
        self.archive = archive
        self.left = limits.decompressed_bytes

    def xml(self, name: str):
        info = self.archive.getinfo(name)
        if info.file_size > self.left:
            raise _TooLarge(name)
        with self.archive.open(info) as member:
            xml = member.read(self.left + 1)
        if len(xml) > self.left:
            raise _TooLarge(name)
        self.left -= len(xml)
        return etree.fromstring(xml, etree.XMLParser(**_XML_PARSER))


_OFFICE_ERRORS = (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError, EOFError, zipfile.LargeZipFile)


def extract_docx(body: bytes, limits: Limits = LIMITS) -> Extracted:
    result = Extracted(DOCX)
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            root = _Parts(archive, limits).xml("word/document.xml")
    except (_TooLarge, MemoryError):
        result.warnings.append("attachment_too_large")
        return result
    except (*_OFFICE_ERRORS, ValueError):
        result.warnings.append("attachment_corrupt")
        return result
    body_element = root.find(f"{W}body")
    cells = _CellCount(limits.cells)
    for element in body_element if body_element is not None else ():
        if element.tag == f"{W}p":
            text = _docx_text(element)
            if text:
                result.blocks.append(text)
        elif element.tag == f"{W}tbl":
            result.blocks.append(_docx_table(element, cells))
        if cells.exceeded:
            result.warnings.append("table_too_large")
            break
    result.pages = 1
    if not result.has_text:
        result.warnings.append("attachment_empty")
    return result


def _docx_text(element) -> str:
    return " ".join("".join(element.itertext(f"{W}t")).split())


class _CellCount:
    """Cells read so far from one file, against the limit."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self, count: int = 1) -> bool:
        self.left -= count
        return self.left >= 0

    @property
    def exceeded(self) -> bool:
        return self.left < 0


def _docx_table(table, budget: _CellCount) -> list[list[str]]:
    rows = []
    for tr in table.iter(f"{W}tr"):
        cells = []
        for tc in tr.findall(f"{W}tc"):
            if not budget.take():
                return rows
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(f"{W}val", "continue") == "continue":
                continue  # covered by the cell above, as a rowspan leaves no <td>
            cells.append(" ".join(_docx_text(p) for p in tc.iter(f"{W}p")).strip())
        if cells:
            rows.append(cells)
    return rows


# --- XLSX -----------------------------------------------------------------------------------


def extract_xlsx(body: bytes, limits: Limits = LIMITS) -> Extracted:
    """Each sheet: its name as a line, then its rows as a table. A merged range keeps its text in
    its first cell and leaves no cell elsewhere, as a rowspan/colspan does in HTML."""
    result = Extracted(XLSX)
    cells = _CellCount(limits.cells)
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts = _Parts(archive, limits)
            names = set(archive.namelist())
            shared = _shared_strings(parts) if "xl/sharedStrings.xml" in names else []
            for name, path in _sheets(parts):
                rows = _sheet_rows(parts.xml(path), shared, cells, result.warnings)
                if rows:
                    result.blocks += [name, rows] if name else [rows]
                result.pages += 1
                if cells.exceeded:
                    break
    except (_TooLarge, MemoryError):
        return Extracted(XLSX, warnings=["attachment_too_large"])
    except (*_OFFICE_ERRORS, ValueError, IndexError):
        return Extracted(XLSX, warnings=["attachment_corrupt"])
    if not result.has_text:
        result.warnings.append("attachment_empty")
    return result


def _sheets(parts: _Parts) -> list[tuple[str, str]]:
    """(sheet name, part path) in the workbook's order."""
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in parts.xml("xl/_rels/workbook.xml.rels").iter(f"{PACKAGE_RELS}Relationship")
    }
    sheets = []
    for sheet in parts.xml("xl/workbook.xml").iter(f"{S}sheet"):
        target = targets.get(sheet.get(f"{R}id"), "")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        sheets.append((" ".join((sheet.get("name") or "").split()), path))
    return sheets


def _shared_strings(parts: _Parts) -> list[str]:
    return ["".join(si.itertext(f"{S}t")) for si in parts.xml("xl/sharedStrings.xml").iter(f"{S}si")]


_CELL_REF_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
_MAX_COLUMN = 16_384  # XFD: the last column a workbook can have
_MAX_ROW = 1_048_576


def _cell_position(ref: str | None) -> tuple[int, int] | None:
    """``"B3"`` (or ``"b3"``) → (row 2, column 1), counting from 0; None for a missing or
    impossible reference."""
    match = _CELL_REF_RE.fullmatch((ref or "").strip())
    if not match:
        return None
    letters, digits = match.groups()
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    row = int(digits)
    if not (1 <= column <= _MAX_COLUMN and 1 <= row <= _MAX_ROW):
        return None
    return row - 1, column - 1


def _cell_value(cell, shared: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        inline = cell.find(f"{S}is")
        return "".join(inline.itertext(f"{S}t")) if inline is not None else ""
    value = cell.findtext(f"{S}v") or ""
    if kind == "s":
        return shared[int(value)] if value.isdigit() and int(value) < len(shared) else ""
    if kind in (None, "n") and value:
        try:
            number = float(value)
        except ValueError:
            return value
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else value
    return value


def _merges(sheet) -> list[tuple[int, int, int, int]]:
    """Merged ranges as (first row, first column, last row, last column); malformed ones are
    skipped, and a range is kept as its corners however many cells it spans."""
    ranges = []
    for merge in sheet.iter(f"{S}mergeCell"):
        first, _, last = (merge.get("ref") or "").partition(":")
        start, end = _cell_position(first), _cell_position(last or first)
        if start and end:
            ranges.append((min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1])))
        if len(ranges) >= MAX_MERGES:
            break
    return ranges


def _sheet_rows(sheet, shared: list[str], budget: _CellCount, warnings: list[str]) -> list[list[str]]:
    """The sheet's rows as a grid of the cells present: a cell without its reference takes the
    next column of its row, a row without its number the next row; a blank cell between figures
    is a blank figure, as an empty <td> is in HTML. Sized by the cells present, never by the
    furthest reference or merge."""
    merges = _merges(sheet)
    cells: dict[int, dict[int, str]] = {}
    columns: set[int] = set()
    row_number = -1
    for row in sheet.iter(f"{S}row"):
        attribute = row.get("r") or ""
        row_number = int(attribute) - 1 if attribute.isdigit() and 0 < int(attribute) <= _MAX_ROW else row_number + 1
        column = -1
        for cell in row.iter(f"{S}c"):
            if not budget.take():
                warnings.append("table_too_large")
                return _grid(cells, columns, merges)
            position = _cell_position(cell.get("r"))
            r, column = position if position else (row_number, column + 1)
            columns.add(column)
            cells.setdefault(r, {})[column] = " ".join(_cell_value(cell, shared).split())
    return _grid(cells, columns, merges)


def _grid(cells: dict[int, dict[int, str]], columns: set[int], merges: list) -> list[list[str]]:
    filled = [(r, c) for r, row in cells.items() for c, text in row.items() if text]
    if not filled:
        return []
    last_column = max(c for _, c in filled)  # columns past every figure are layout, not blanks
    order = sorted(c for c in columns if c <= last_column)
    first_row, last_row = min(r for r, _ in filled), max(r for r, _ in filled)
    rows = []
    for r in sorted(r for r in cells if first_row <= r <= last_row):
        spans = [m for m in merges if m[0] <= r <= m[2]]
        row = [
            cells[r].get(c, "")
            for c in order
            if not any(c0 <= c <= c1 and (r, c) != (r0, c0) for r0, c0, _, c1 in spans)
        ]
        if len(row) > 1 or any(row):
            rows.append(row)
    return rows


# --- DOC / WPS --------------------------------------------------------------------------------


def _lift_memory_limit() -> None:
    """LibreOffice maps far more address space than it uses: it runs without the sandbox's soft
    limit (its own time limit still holds)."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_and_extract(body: bytes, limits: Limits = LIMITS) -> Extracted:
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
                preexec_fn=_lift_memory_limit,
            )
        except subprocess.TimeoutExpired:
            return Extracted(OLE, warnings=["needs_conversion", "conversion_timeout"])
        converted = Path(folder) / f"report.{target}"
        if not converted.is_file():
            return Extracted(OLE, warnings=["needs_conversion", "conversion_failed"])
        result = read(converted.read_bytes(), limits)
    result.media_type = OLE
    return result
