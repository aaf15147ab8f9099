"""Hostile files, made small: workbooks whose references or merges span the whole sheet, PDFs that
inflate or repeat without end, pages of millions of cells. Shared by the tests and by
``python -m tests.hostile OUT_DIR`` (writes them, to measure time and memory by hand)."""

from __future__ import annotations

import io
import sys
import zipfile
import zlib
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
_WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="统计表" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def workbook(rows_xml: str, merges_xml: str = "") -> bytes:
    """An .xlsx of one sheet whose <sheetData> is ``rows_xml`` (inline strings, no shared ones)."""
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows_xml}</sheetData>{merges_xml}</worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def text_cell(ref: str | None, text: str) -> str:
    attribute = f' r="{ref}"' if ref else ""
    return f'<c{attribute} t="inlineStr"><is><t>{text}</t></is></c>'


def number_cell(ref: str | None, value: int) -> str:
    attribute = f' r="{ref}"' if ref else ""
    return f"<c{attribute}><v>{value}</v></c>"


WORKBOOKS = {
    "cells_without_references": workbook(
        f"<row>{text_cell(None, '规章')}{number_cell(None, 1)}{number_cell(None, 2)}</row>"
        f"<row>{text_cell(None, '行政规范性文件')}{number_cell(None, 3)}{number_cell(None, 4)}</row>"
    ),
    "lowercase_and_invalid_references": workbook(
        f'<row r="1">{text_cell("a1", "规章")}{number_cell("b1", 5)}{number_cell("??", 6)}</row>'
    ),
    "inline_string_without_text": workbook(f'<row r="1"><c r="A1" t="inlineStr"/>{number_cell("B1", 7)}</row>'),
    "malformed_merges": workbook(
        f'<row r="1">{text_cell("A1", "行政许可")}{number_cell("B1", 8)}</row>',
        '<mergeCells><mergeCell ref="A1:"/><mergeCell ref="??:B2"/><mergeCell/></mergeCells>',
    ),
    "one_cell_far_away": workbook(f'<row r="1">{text_cell("ZZZZZZZ1", "规章")}{number_cell("A1", 1)}</row>'),
    "corners_of_the_sheet": workbook(
        f'<row r="1">{text_cell("A1", "规章")}</row><row r="1048576">{number_cell("XFD1048576", 9)}</row>'
    ),
    "merge_over_the_sheet": workbook(
        f'<row r="1">{text_cell("A1", "规章")}{number_cell("B1", 1)}</row>',
        '<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    ),
}


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1; 1 is the catalog) with a correct cross-reference."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start))
    return out.getvalue()


def _stream(data: bytes, compressed: bool = True) -> bytes:
    body = zlib.compress(data, 9) if compressed else data
    flate = b" /Filter /FlateDecode" if compressed else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(body), flate) + body + b"\nendstream"


def pdf_pages(count: int, content: bytes) -> bytes:
    """``count`` pages that all draw the one content stream ``content``."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    objects.append(_stream(content))
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * count
    return pdf(objects)


def inflating_pdf(inflated: int = 1 << 30) -> bytes:
    """One page whose content stream inflates to ``inflated`` bytes of spaces."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(compressor.compress(chunk) for _ in range(inflated >> 20)) + compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"
    return pdf([catalog, pages, stream, page])


def blank_pdf() -> bytes:
    return pdf_pages(1, b"")


def wide_page(cells: int) -> bytes:
    """An HTML report page whose one table row has ``cells`` cells."""
    row = "<td>0</td>" * cells
    return (
        "<html><body><div id='zoom'><p>某县2021年政府信息公开工作年度报告</p>"
        + "<p>一、总体情况</p><p>"
        + "本年度工作平稳推进。" * 10
        + "</p>"
        + f"<table><tr>{row}</tr></table></div></body></html>"
    ).encode("utf-8")


def write_all(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in WORKBOOKS.items():
        (folder / f"{name}.xlsx").write_bytes(data)
    (folder / "inflates_to_1gib.pdf").write_bytes(inflating_pdf())
    (folder / "200_pages_one_64mib_stream.pdf").write_bytes(pdf_pages(200, b"0 0 m 1 1 l S\n" * (64 << 16)))
    (folder / "240000_pages.pdf").write_bytes(pdf_pages(240_000, b"BT ET"))
    (folder / "blank_page.pdf").write_bytes(blank_pdf())
    (folder / "three_million_cells.html").write_bytes(wide_page(3_000_000))


if __name__ == "__main__":
    write_all(Path(sys.argv[1]))
