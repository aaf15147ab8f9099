"""The statistics tables (sections 二/三/四) as portals publish them.

Each table is built once as rows of spanned cells, then rendered the way real pages carry it:
an HTML table (headers sometimes broken by ``<br>``), one cell per paragraph (a flattened
table, like seed 002), or pipe rows where a group label appears only on its first row.
Figures are keyed by the docs/schema.md §2 names (the contract the ground truth is written in); the
labels on the page are the replicas' own (``labels.py``), in the forms real reports write them.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from html import escape

# The keys are the contract's (held against docs/schema.md by tests/test_schema_doc.py); only the
# labels on the page are the replicas' own.
from govreports.parse.statistics_template import APPLICANT_COLUMNS, APPLICANT_PARTS, REVIEW_COLUMNS, REVIEW_GROUPS
from govreports.replicas.labels import (
    ACTIVE,
    APPLICANT_HEADERS,
    APPLICANTS_HEADER,
    BALANCE_NOTE,
    CAPTION_FORMS,
    CONTENT_HEADER,
    GROUPS,
    RESULTS_GROUP,
    REVIEW_HEADERS,
    Wording,
    application_layout,
)


def result_rows(template: str) -> tuple[str, ...]:
    """The rows of section 三 that add up to its 总计 (予以公开 … 其他处理)."""
    keys = [key for key, _, _ in application_layout(template)]
    return tuple(keys[keys.index("granted") : keys.index("total")])


def make_figures(
    rng: random.Random, template: str, carried_in: dict | None = None, valid_before: dict | None = None
) -> dict:
    """Random figures in SCHEMA keys that satisfy every consistency rule of docs/schema.md §4.

    ``carried_in`` (per applicant column) and ``valid_before`` (现行有效件数 per row) continue
    last year's report of the same organ.
    """
    active: dict[str, dict] = {}
    for _, headers, block_rows in ACTIVE[template]:
        for key, _ in block_rows:
            values = {}
            for col, _ in headers:
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
    variant: int = 0  # which forms of the labels (0: the official wording)

    @property
    def wording(self) -> Wording:
        return Wording(self.variant)


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
    say = style.wording
    rows = []
    for item, headers, block_rows in ACTIVE[template]:
        caption = say("caption", CAPTION_FORMS).format(item=item, ascii=item.replace("（", "(").replace("）", ")"))
        rows.append([Span(caption, colspan=4, header=True)])
        span = 3 if len(headers) == 1 else 1
        texts = [say(col, forms) for col, forms in headers]
        texts = [
            t + ("（万元）" if col == "amount" and style.money == "wan_header" and template == "2019" else "")
            for t, (col, _) in zip(texts, headers, strict=True)
        ]
        filler = [Span("")] if len(headers) == 2 else []
        header_row = [Span(say("content", CONTENT_HEADER), header=True)]
        rows.append(header_row + [Span(t, colspan=span, header=True) for t in texts] + filler)
        for key, forms in block_rows:
            cells = [Span(_value_text(active[key][col], col, style), colspan=span) for col, _ in headers]
            rows.append([Span(say(key, forms))] + cells + filler)
    return rows


def applications_layout(template: str, applications: dict, style: TableStyle) -> list[list[Span]]:
    """Section 三 with the form's three-row header and its grouped row labels."""
    say = style.wording
    rows = [
        [
            Span(say("balance", BALANCE_NOTE), 3, 3, header=True),
            Span(say("applicants", APPLICANTS_HEADER), colspan=7, header=True),
        ],
        [
            Span(say("natural_person", APPLICANT_HEADERS["natural_person"]), rowspan=2, header=True),
            Span(say("legal_persons", APPLICANT_HEADERS["legal_persons"]), colspan=5, header=True),
            Span(say("total", APPLICANT_HEADERS["total"]), rowspan=2, header=True),
        ],
        [Span(say(c, APPLICANT_HEADERS[c]), header=True) for c in APPLICANT_COLUMNS[1:6]],
    ]
    layout = application_layout(template)
    group_sizes: dict[str | None, int] = {}
    for _, _, group in layout:
        group_sizes[group] = group_sizes.get(group, 0) + 1
    seen: set[str] = set()
    for key, forms, group in layout:
        label = say(key, forms)
        if group is None:  # 一、二、四、 span the three label columns
            lead = [Span(label, colspan=3)]
        elif group == "results":  # (一)(二)(六)(七) sit under 三、本年度办理结果
            lead = [Span(label, colspan=2)]
        elif group not in seen:
            lead = [Span(say(group, GROUPS[group]), rowspan=group_sizes[group]), Span(label)]
        else:
            lead = [Span(label)]
        if group:
            seen.add(group)
        rows.append(lead + [Span(_value_text(applications[key][c], c, style)) for c in APPLICANT_COLUMNS])
    first_result = next(i for i, (key, _, _) in enumerate(layout) if key == "granted") + 3
    rows[first_result].insert(0, Span(say("results", RESULTS_GROUP), rowspan=len(result_rows(template)) + 1))
    return rows


def review_layout(review: dict, style: TableStyle) -> list[list[Span]]:
    """Section 四: 行政复议 and the two 行政诉讼 groups over one row of 15 numbers."""
    say = style.wording
    columns = [say(c, REVIEW_HEADERS[c]) for c in REVIEW_COLUMNS]
    return [
        [
            Span(say("review", REVIEW_HEADERS["review"]), colspan=5, header=True),
            Span(say("suits", REVIEW_HEADERS["suits"]), colspan=10, header=True),
        ],
        [Span(x, rowspan=2, header=True) for x in columns]
        + [
            Span(say("suit_direct", REVIEW_HEADERS["suit_direct"]), colspan=5, header=True),
            Span(say("suit_after_review", REVIEW_HEADERS["suit_after_review"]), colspan=5, header=True),
        ],
        [Span(x, header=True) for x in columns * 2],
        [Span(_value_text(review[g][c], c, style)) for g in REVIEW_GROUPS for c in REVIEW_COLUMNS],
    ]


# --- rendering -----------------------------------------------------------------------------


def _broken(text: str) -> str:
    """A header cell wrapped with <br> in the middle (本年新<br>制作数量)."""
    if "\n" in text:
        return _html(text)
    half = len(text) // 2
    return escape(text[:half]) + "<br>" + escape(text[half:]) if len(text) >= 4 else escape(text)


def _html(text: str) -> str:
    """A cell's text in HTML: a label broken over two lines keeps its break."""
    return "<br>".join(escape(part) for part in text.split("\n"))


def _flat(cell: Span, layout: str) -> str:
    """A cell's text in a flattened table: a pipe row is one line, so a break inside a label goes;
    one cell per line keeps a header's break (本年新 / 制作数量 on two lines), not a row label's."""
    if layout == "cells" and cell.header:
        return cell.text
    return cell.text.replace("\n", "")


def text_lines(rows: list[list[Span]], style: TableStyle) -> list[str]:
    """A table flattened to text: one cell per line (``cells``) or one pipe row per line (``pipes``).
    Pipe rows carry a colspan as empty cells and a rowspan label on its first row only."""
    if style.layout == "cells":
        return [line for row in rows for cell in row if cell.text for line in _flat(cell, "cells").split("\n")]
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            cells += [_flat(cell, "pipes")] + [""] * (cell.colspan - 1)
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
            text = _broken(cell.text) if cell.header and style.layout == "table_br" else _html(cell.text)
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
