"""Replica report attachments, generated from a replica report's HTML body: PDF (reportlab, with
the Adobe-Song CID font every PDF reader knows, so the Chinese text extracts), DOCX (written as
WordprocessingML directly), XLSX of the tables alone, and an image-only "scan" PDF. Same input, same bytes.

Tables keep their merged cells: a ``rowspan``/``colspan`` becomes a PDF ``SPAN`` and a DOCX
``gridSpan``/``vMerge`` and an XLSX ``mergeCell``, as office software would write them.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from html import escape

import lxml.html

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "div", "li"}
FRAME_WIDTH = 595 - 2 * 72  # A4 less reportlab's default margins, in points


def body_blocks(body_html: str) -> list:
    """Lines (str) and tables (rows of ``(text, colspan, rowspan)``) of a report body, in order."""
    root = lxml.html.fragment_fromstring(body_html, create_parent="div")
    blocks: list = []
    for element in root.iter():
        if element.tag == "table":
            rows = []
            for tr in element.iter("tr"):
                rows.append(
                    [
                        (
                            " ".join(cell.text_content().split()),
                            int(cell.get("colspan", 1)),
                            int(cell.get("rowspan", 1)),
                        )
                        for cell in tr
                        if cell.tag in ("td", "th")
                    ]
                )
            blocks.append(rows)
        elif element.tag in BLOCK_TAGS and element.find(".//table") is None:
            if any(parent.tag == "table" for parent in element.iterancestors()):
                continue
            text = " ".join(element.text_content().split())
            if text:
                blocks.append(text)
    return blocks


def _grid(rows) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Spanned rows → a full grid of cells and the spans as ``(col, row, last col, last row)``."""
    grid: dict[tuple[int, int], str] = {}
    spans = []
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, colspan, rowspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else ""
            if colspan > 1 or rowspan > 1:
                spans.append((c, r, c + colspan - 1, r + rowspan - 1))
            c += colspan
            width = max(width, c)
    height = max((r for r, _ in grid), default=-1) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(height)], spans


# --- PDF ----------------------------------------------------------------------------------------


def report_pdf(title: str, body_html: str, password: str | None = None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    heading = ParagraphStyle("title", parent=text, fontSize=16, leading=24, alignment=1)
    cell = ParagraphStyle("cell", parent=text, fontSize=7, leading=9)
    story = [Paragraph(escape(title), heading), Spacer(1, 8)]
    for block in body_blocks(body_html):
        if isinstance(block, str):
            story.append(Paragraph(escape(block), text))
            continue
        grid, spans = _grid(block)
        if not grid:
            continue
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ]
        style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spans]
        data = [[Paragraph(escape(value), cell) for value in row] for row in grid]
        widths = [FRAME_WIDTH / len(grid[0])] * len(grid[0])
        story += [Spacer(1, 4), Table(data, colWidths=widths, style=TableStyle(style)), Spacer(1, 4)]
    out = io.BytesIO()
    encrypt = None
    if password:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(password, canPrint=0)
    document = SimpleDocTemplate(out, pagesize=A4, title=title, encrypt=encrypt, invariant=1)
    document.build(story)
    return out.getvalue()


def scanned_pdf(pages: int = 2, width: int = 160, height: int = 226) -> bytes:
    """An image-only PDF, as a scanner makes: each page one grey image, no text layer."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for page in range(pages):
        pixels = bytes((page * 37 + x * 7 + y * 3) % 256 for y in range(height) for x in range(width))
        image = zlib.compress(pixels)
        first = len(objects) + 1
        objects.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
            b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
            % (width, height, len(image), image)
        )
        draw = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 %d 0 R >> >>"
            b" /Contents %d 0 R >>" % (first, first + 1)
        )
        kids.append(b"%d 0 R" % (first + 2))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


# --- DOCX ---------------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="word/document.xml"/></Relationships>'
)


def _paragraph(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p><w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _docx_table(rows) -> str:
    grid, spans = _grid(rows)
    starts = {(c0, r0): (c1 - c0 + 1, r1 - r0 + 1) for c0, r0, c1, r1 in spans}
    covered = {}
    for c0, r0, c1, r1 in spans:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (c, r) != (c0, r0):
                    covered[(c, r)] = (c0, r0)
    out = [
        '<w:tbl><w:tblPr><w:tblBorders><w:insideH w:val="single"/><w:insideV w:val="single"/></w:tblBorders></w:tblPr>'
    ]
    for r, row in enumerate(grid):
        out.append("<w:tr>")
        c = 0
        while c < len(row):
            origin = covered.get((c, r))
            if origin is not None and origin[0] == c and origin[1] < r:
                # a later row of a vertical merge: one continuing cell as wide as the merge
                width = starts[origin][0]
                span = f'<w:gridSpan w:val="{width}"/>' if width > 1 else ""
                out.append(f"<w:tc><w:tcPr>{span}<w:vMerge/></w:tcPr><w:p/></w:tc>")
                c += width
                continue
            width, height = starts.get((c, r), (1, 1))
            props = (f'<w:gridSpan w:val="{width}"/>' if width > 1 else "") + (
                '<w:vMerge w:val="restart"/>' if height > 1 else ""
            )
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{_paragraph(row[c])}</w:tc>")
            c += width
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def report_docx(title: str, body_html: str) -> bytes:
    parts = [_paragraph(title, bold=True)]
    for block in body_blocks(body_html):
        parts.append(_paragraph(block) if isinstance(block, str) else _docx_table(block))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(parts)}</w:body></w:document>"
    )
    return _zip([("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS), ("word/document.xml", document)])


# --- XLSX ---------------------------------------------------------------------------------------

_XLSX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "{sheets}</Types>"
)
_XLSX_ROOT_RELS = _RELS.replace("word/document.xml", "xl/workbook.xml")
_SHEET_NAME_BAD = str.maketrans({c: " " for c in "[]:*?/\\"})


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def report_xlsx(body_html: str) -> bytes:
    """The body's tables as a workbook, one sheet each, named after the line above the table (as
    a county office exports its statistics): shared strings, numbers as numbers, merged ranges."""
    strings: dict[str, int] = {}
    sheets = []
    heading = ""
    for block in body_blocks(body_html):
        if isinstance(block, str):
            heading = block
            continue
        grid, spans = _grid(block)
        rows = []
        for r, row in enumerate(grid):
            cells = []
            for c, text in enumerate(row):
                ref = f"{_column_letters(c)}{r + 1}"
                if text.isdigit():
                    cells.append(f'<c r="{ref}"><v>{text}</v></c>')
                elif text:
                    index = strings.setdefault(text, len(strings))
                    cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
            rows.append(f'<row r="{r + 1}">{"".join(cells)}</row>')
        merges = "".join(
            f'<mergeCell ref="{_column_letters(c0)}{r0 + 1}:{_column_letters(c1)}{r1 + 1}"/>'
            for c0, r0, c1, r1 in spans
        )
        sheets.append(
            (
                (heading.translate(_SHEET_NAME_BAD)[:31].strip() or f"表{len(sheets) + 1}"),
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f"<sheetData>{''.join(rows)}</sheetData>"
                + (f'<mergeCells count="{len(spans)}">{merges}</mergeCells>' if spans else "")
                + "</worksheet>",
            )
        )
        heading = ""
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(
            f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, (name, _) in enumerate(sheets, 1)
        )
        + "</sheets></workbook>"
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{n}" Target="worksheets/sheet{n}.xml"'
            ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
            for n in range(1, len(sheets) + 1)
        )
        + '<Relationship Id="rIdStrings" Target="sharedStrings.xml"'
        ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        "</Relationships>"
    )
    shared = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}">'
        + "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
        + "</sst>"
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    parts = [
        ("[Content_Types].xml", _XLSX_TYPES.format(sheets=overrides)),
        ("_rels/.rels", _XLSX_ROOT_RELS),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/sharedStrings.xml", shared),
        *((f"xl/worksheets/sheet{n}.xml", xml) for n, (_, xml) in enumerate(sheets, 1)),
    ]
    return _zip(parts)


def _zip(parts) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # fixed: same input, same bytes
            archive.writestr(info, text, zipfile.ZIP_DEFLATED)
    return out.getvalue()
