"""The statistics tables (sections 二/三/四) as portals publish them.

Each table is built once as rows of spanned cells, then rendered the way real pages carry it:
an HTML table (headers sometimes broken by ``<br>``), one cell per paragraph (a flattened
table, like seed 002), or pipe rows where a group label appears only on its first row.
Figures use the SCHEMA.md §2 keys, so the replica's ground truth and the parser share one vocabulary.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from html import escape

from govreports.statistics_template import (
    ACTIVE_BLOCKS,
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    application_rows,
    result_rows,
)


def make_figures(
    rng: random.Random, template: str, carried_in: dict | None = None, valid_before: dict | None = None
) -> dict:
    """Random figures in SCHEMA keys that satisfy every consistency rule of SCHEMA.md §4.

    ``carried_in`` (per applicant column) and ``valid_before`` (现行有效件数 per row) continue
    last year's report of the same organ.
    """
    active: dict[str, dict] = {}
    for block in ACTIVE_BLOCKS[template]:
        for key, _ in block.rows:
            values = {}
            for col in block.columns:
                if col == "delta":
                    values[col] = rng.randint(-5, 5)
                elif col == "amount":
                    values[col] = round(rng.uniform(0, 400), 4)
                else:
                    values[col] = rng.choice((0, 0, rng.randint(1, 60)))
            if "total_published" in values:
                values["total_published"] = max(values["total_published"], values["published"])
            if valid_before and key in valid_before and "valid" in values:
                values["repealed"] = min(values["repealed"], valid_before[key] + values["issued"])
                values["valid"] = valid_before[key] + values["issued"] - values["repealed"]
            active[key] = values
    rows = result_rows(template)
    carried_in = carried_in or {c: rng.choice((0, 0, 1)) for c in APPLICANT_PARTS}
    results = {row: dict.fromkeys(APPLICANT_PARTS, 0) for row in rows}
    new = {}
    carried_out = {}
    for col in APPLICANT_PARTS:
        busy = col in ("natural_person", "commercial")
        new[col] = rng.choice((0, 0, rng.randint(1, 30))) if busy else rng.choice((0, 0, 0, 1, 2))
        pool = new[col] + carried_in[col]
        carried_out[col] = rng.randint(0, min(pool, 2))
        for _ in range(pool - carried_out[col]):
            results[rng.choice(rows[:4] + rows[10:13] + rows[-1:])][col] += 1
    applications = {}
    for key, values in (("new", new), ("carried_in", carried_in), *results.items()):
        applications[key] = {**values, "total": sum(values.values())}
    applications["total"] = {c: sum(results[r][c] for r in rows) for c in APPLICANT_PARTS}
    applications["total"]["total"] = sum(applications["total"].values())
    applications["carried_out"] = {**carried_out, "total": sum(carried_out.values())}
    review = {}
    for group in REVIEW_GROUPS:
        parts = {c: rng.choice((0, 0, rng.randint(0, 3))) for c in REVIEW_COLUMNS[:4]}
        review[group] = {**parts, "total": sum(parts.values())}
    return {"active": active, "applications": applications, "review_litigation": review}


# Deliberate errors, each breaking exactly the rules listed, as real reports sometimes do.
VIOLATIONS = {
    "carried_out_off": ("applications_balance",),
    "result_cell_off": ("applications_results_sum",),
    "result_row_total_off": ("applications_results_sum", "applications_row_total"),
    "review_total_off": ("review_litigation_totals",),
}


def break_figures(figures: dict, kind: str, rng: random.Random) -> dict:
    """A copy of consistent ``figures`` with one ``VIOLATIONS`` error in it."""
    broken = copy.deepcopy(figures)
    applications = broken["applications"]
    col = rng.choice(APPLICANT_PARTS)
    if kind == "carried_out_off":
        applications["carried_out"][col] += 1
        applications["carried_out"]["total"] += 1
    elif kind == "result_cell_off":
        applications["granted"][col] += 1
        applications["granted"]["total"] += 1
    elif kind == "result_row_total_off":
        applications["partial"]["total"] += 1
    else:
        broken["review_litigation"][rng.choice(REVIEW_GROUPS)]["total"] += 1
    return broken


def blank_zeros(figures: dict) -> dict:
    """Zero counts left blank, as many reports do (amounts and deltas keep their zeros)."""
    blanked = copy.deepcopy(figures)
    for section in ("applications", "review_litigation"):
        for cols in blanked[section].values():
            for col, value in cols.items():
                if value == 0:
                    cols[col] = None
    return blanked


# --- layout --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass(frozen=True)
class TableStyle:
    """How one portal writes its tables."""

    layout: str = "table"  # table | table_br | cells | pipes
    blank: str = ""  # what a blank cell shows: "", "-", "/", "无", "—"
    money: str = "bare"  # bare | yuan_cell | wan_cell | wan_header
    fullwidth: bool = False


_FULLWIDTH = str.maketrans("0123456789+-.", "０１２３４５６７８９＋－．")


def _value_text(value, col: str, style: TableStyle) -> str:
    if value is None:
        return style.blank
    if col == "amount":
        text = (
            f"{round(value * 10000)}元"
            if style.money == "yuan_cell"
            else f"{value:.4f}".rstrip("0").rstrip(".") + ("万元" if style.money == "wan_cell" else "")
        )
    elif col == "delta" and value > 0:
        text = f"+{value}"
    else:
        text = str(value)
    return text.translate(_FULLWIDTH) if style.fullwidth else text


def active_layout(template: str, active: dict, style: TableStyle) -> list[list[Span]]:
    """Section 二: stacked blocks, each a 第二十条 caption, an 信息内容 header and its rows."""
    rows = []
    for block in ACTIVE_BLOCKS[template]:
        rows.append([Span(f"第二十条第{block.item}项", colspan=4, header=True)])
        span = 3 if len(block.headers) == 1 else 1
        headers = [h + ("（万元）" if h == "采购总金额" and style.money == "wan_header" else "") for h in block.headers]
        filler = [Span("")] if len(headers) == 2 else []
        rows.append([Span("信息内容", header=True)] + [Span(h, colspan=span, header=True) for h in headers] + filler)
        for key, label in block.rows:
            cells = [Span(_value_text(active[key][col], col, style), colspan=span) for col in block.columns]
            rows.append([Span(label)] + cells + filler)
    return rows


def applications_layout(template: str, applications: dict, style: TableStyle) -> list[list[Span]]:
    """Section 三 with the template's three-row header and its grouped row labels."""
    rows = [
        [
            Span("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3, header=True),
            Span("申请人情况", colspan=7, header=True),
        ],
        [Span("自然人", rowspan=2, header=True), Span("法人或其他组织", colspan=5, header=True)]
        + [Span("总计", rowspan=2, header=True)],
        [Span(x, header=True) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]
    spec = application_rows(template)
    group_sizes: dict[str | None, int] = {}
    for _, _, group in spec:
        group_sizes[group] = group_sizes.get(group, 0) + 1
    for key, label, group in spec:
        if group is None:  # 一、二、四、 span the three label columns; (六)(七) sit under 三、本年度办理结果
            lead = [Span(label, colspan=3 if label[0] in "一二四" else 2)]
        elif group == "三、本年度办理结果":
            lead = [Span(label, colspan=2)]
        elif label.startswith("1."):
            lead = [Span(group, rowspan=group_sizes[group]), Span(label)]
        else:
            lead = [Span(label)]
        rows.append(lead + [Span(_value_text(applications[key][c], c, style)) for c in APPLICANT_COLUMNS])
    first_result = next(i for i, row in enumerate(rows) if row[0].text.startswith("（一）予以公开"))
    rows[first_result].insert(0, Span("三、本年度办理结果", rowspan=len(result_rows(template)) + 1))
    return rows


def review_layout(review: dict, style: TableStyle) -> list[list[Span]]:
    """Section 四: 行政复议 and the two 行政诉讼 groups over one row of 15 numbers."""
    labels = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    return [
        [Span("行政复议", colspan=5, header=True), Span("行政诉讼", colspan=10, header=True)],
        [Span(x, rowspan=2, header=True) for x in labels]
        + [Span("未经复议直接起诉", colspan=5, header=True), Span("复议后起诉", colspan=5, header=True)],
        [Span(x, header=True) for x in labels * 2],
        [Span(_value_text(review[g][c], c, style)) for g in REVIEW_GROUPS for c in REVIEW_COLUMNS],
    ]


# --- rendering -----------------------------------------------------------------------------


def _broken(text: str) -> str:
    """A header cell wrapped with <br> in the middle (本年新<br>制作数量)."""
    half = len(text) // 2
    return escape(text[:half]) + "<br>" + escape(text[half:]) if len(text) >= 4 else escape(text)


def text_lines(rows: list[list[Span]], style: TableStyle) -> list[str]:
    """A table flattened to text: one cell per line (``cells``) or one pipe row per line (``pipes``).
    Pipe rows carry a colspan as empty cells and a rowspan label on its first row only."""
    if style.layout == "cells":
        return [cell.text for row in rows for cell in row if cell.text]
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            cells += [cell.text] + [""] * (cell.colspan - 1)
        lines.append(" | ".join(cells) + " |")
    return lines


def render(rows: list[list[Span]], style: TableStyle) -> str:
    """HTML for a table: a ``<table>`` with spans, or the flattened text lines as paragraphs."""
    if style.layout not in ("table", "table_br"):
        return "".join(f"<p>{escape(line)}</p>" for line in text_lines(rows, style))
    out = []
    for row in rows:
        tds = []
        for cell in row:
            attrs = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
                f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            )
            text = _broken(cell.text) if cell.header and style.layout == "table_br" else escape(cell.text)
            tds.append(f"<td{attrs}>{text}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    return '<table border="1" cellspacing="0">' + "".join(out) + "</table>"


def section_tables(template: str, figures: dict, style: TableStyle) -> tuple[str, str, str]:
    """The HTML of sections 二, 三 and 四 for ``figures``."""
    return (
        render(active_layout(template, figures["active"], style), style),
        render(applications_layout(template, figures["applications"], style), style),
        render(review_layout(figures["review_litigation"], style), style),
    )
