"""Read the statistics tables of sections 二/三/四 into docs/schema.md §2 keys.

Every input shape becomes rows of cells first: an HTML table row, a pipe-separated line
(``规章 | 0 | 0 | 0 |``) and a one-cell-per-line flattening all read the same way. Row labels
name the row, and the national template, not the header order, says which value is which
column. A cell that cannot be placed is reported in the warnings, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, Protocol

from govreports.parse.checks import consistency_checks
from govreports.parse.prose_figures import PRE2019_KEYS, is_stated_number, prose_figures
from govreports.parse.statistics_template import (
    ACTIVE_BLOCKS,
    APPLICANT_COLUMNS,
    MONEY_COLUMNS,
    REVIEW_CELLS,
    active_columns,
    application_rows,
)
from govreports.parse.template_format import detect_format
from govreports.parse.text_cleaning import CELL_SEPARATOR

# --- cells ---------------------------------------------------------------------------------

_MAX_NUMBER_RUN = 400  # a PDF row of section 四 is 15 numbers; a longer run is text
_NUMBER_STARTS = frozenset("0123456789+-０１２３４５６７８９＋－")
_NUMBER_RUN_RE = re.compile(r"[+-]?\d+(?:\.\d+)?(?:\s+[+-]?\d+(?:\.\d+)?)+")


def split_cells(line: str) -> list[str]:
    """The cells of one line.

    An HTML table row (cells joined by ``CELL_SEPARATOR``) splits exactly. In pipe text
    (``规章 | 0 | 0 | 0 |``) a closing pipe ends the row rather than opening an empty cell;
    a leading pipe may be a blank first cell, so it stays and ``_fit`` decides. A line of bare
    numbers separated by spaces (PDF text) is one cell per number.
    """
    if CELL_SEPARATOR in line:
        cells = line.split(CELL_SEPARATOR)
    elif "|" in line:
        cells = [part.strip() for part in line.split("|")]
        if line.rstrip().endswith("|"):
            cells.pop()
    else:
        cells = [line.strip()]
    out: list[str] = []
    for cell in cells:
        if (
            " " in cell
            and len(cell) <= _MAX_NUMBER_RUN
            and cell[:1] in _NUMBER_STARTS
            and _NUMBER_RUN_RE.fullmatch(unicodedata.normalize("NFKC", cell))
        ):
            out.extend(cell.split())
        else:
            out.append(cell)
    return out


class CellRow(NamedTuple):
    cells: list[str]
    exact: bool  # an HTML table row: no span covers, every blank cell present


def cell_rows(lines: list[str]) -> list[CellRow]:
    """Rows of cells for every line with content. An HTML row of blank cells counts; a text
    line of bare pipes is layout debris."""
    rows = []
    for line in lines:
        cells = split_cells(line)
        exact = CELL_SEPARATOR in line
        if any(cells) or exact:
            rows.append(CellRow(cells, exact))
    return rows


@dataclass(frozen=True)
class Cell:
    """A value cell: the number (None for a blank) and a unit written inside it."""

    value: int | float | None
    unit: str | None = None
    signed: bool = False
    dirty: bool = False


_BLANKS = frozenset({"", "-", "--", "—", "——", "–", "/", "无", "空", "\\"})
_VALUE_RE = re.compile(r"(?P<sign>[+-]*)(?P<number>\d+(?:\.\d+)?)(?P<unit>万元|元)?(?:件|条|个|项|次|宗)?")
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


_MAX_VALUE_CHARS = 40  # "1,234,567.8901万元" fits; longer cells are text


def parse_cell(raw: str) -> Cell | None:
    """The value of a table cell, or None when the cell is not a value (a label or header).

    Full-width digits and signs, ``+3``/``-8`` deltas, thousands separators and money with a
    unit (``390785元``) are values; ``-``, ``—``, ``/``, ``无`` and empty cells are blanks.
    """
    return None if len(raw) > _MAX_VALUE_CHARS else _parse_short_cell(raw)


def _squashed(cell: str) -> str:
    """A cell's text in NFKC with no whitespace at all (labels are written with padding spaces)."""
    return "".join(unicodedata.normalize("NFKC", cell).split())


@lru_cache(maxsize=8192)  # the same few cell texts ("0", "", "1") recur in every report
def _parse_short_cell(raw: str) -> Cell | None:
    text = _squashed(raw)
    if text in _BLANKS:
        return Cell(None)
    match = _VALUE_RE.fullmatch(_THOUSANDS_RE.sub("", text))
    if not match:
        return None
    number_text = match["number"]
    number: int | float = float(number_text) if "." in number_text else int(number_text)
    sign = match["sign"]
    if "-" in sign:
        number = -number
    return Cell(number, match["unit"], signed=bool(sign), dirty=len(sign) > 1)


# --- labels --------------------------------------------------------------------------------

_NUMBERING_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、]|\(\d+\))")
_QUOTES_RE = re.compile(r"[“”\"‘’'「」『』]")


def label_parts(cell: str) -> tuple[str, str]:
    """``(numbering, core)`` of a label: NFKC, no spaces or quotes, a trailing ``(…)`` note dropped."""
    text = _QUOTES_RE.sub("", _squashed(cell))
    numbering = ""
    match = _NUMBERING_RE.match(text)
    if match:
        numbering, text = match.group(0), text[match.end() :]
    # Drop trailing "(…)" notes from the end, by index, so a thousand notes cost one pass.
    end = len(text)
    while end and text[end - 1] == ")":
        start = text.rfind("(", 0, end - 1)
        if start <= 0 or ")" in text[start + 1 : end - 1]:
            break
        end = start
    return numbering, text[:end]


def _core(label: str) -> str:
    return label_parts(label)[1]


def _build_row_labels() -> dict[str, tuple[str, str]]:
    labels: dict[str, tuple[str, str]] = {}
    for template in ("2019", "2021"):
        for block in ACTIVE_BLOCKS[template]:
            for key, label in block.rows:
                labels[_core(label)] = ("active", key)
        for key, label, _ in application_rows(template):
            labels[_core(label)] = ("applications", key)
    labels["行政规范性文件"] = labels["规范性文件"] = ("active", "normative_docs")
    # Short cores that are also column headers (其他, 总计) only count with their numbering.
    for ambiguous in ("其他", "总计"):
        labels.pop(ambiguous)
    return labels


_ROW_LABELS = _build_row_labels()
# Long 2021 labels are matched on their distinctive start; writers vary the tail (、 vs ，).
_ROW_PREFIXES = (
    ("申请人无正当理由逾期不补正", ("applications", "other_no_correction")),
    ("申请人逾期未按收费通知要求缴纳费用", ("applications", "other_fee_unpaid")),
)
_GROUP_CORES = frozenset({"", "本年度办理结果", "不予公开", "无法提供", "不予处理"})


def row_label(cell: str) -> tuple[str, str] | None:
    """``(section, row key)`` when ``cell`` is a data-row label of section 二 or 三."""
    return _row_label(cell) if len(cell) <= 2 * _MAX_CELL_CHARS else None  # longer is prose


@lru_cache(maxsize=8192)  # labels recur in every report; prose lines are too long to be cached
def _row_label(cell: str) -> tuple[str, str] | None:
    numbering, core = label_parts(cell)
    if core in _ROW_LABELS:
        return _ROW_LABELS[core]
    if numbering:
        if core == "其他" and numbering[0].isdigit():
            return "applications", "other_misc"
        if core == "总计" and numbering.startswith("("):
            return "applications", "total"
    for prefix, target in _ROW_PREFIXES:
        if core.startswith(prefix):
            return target
    return None


def _is_group(cell: str) -> bool:
    return len(cell) <= _MAX_CELL_CHARS and label_parts(cell)[1] in _GROUP_CORES


_HEADING_RE = re.compile(r"^[一二三四五六七八九十]+、")
_MAX_CELL_CHARS = 45  # longer single cells are prose, and end a table


def _section_switch(cell: str) -> str | None:
    """The section a heading or table caption opens; ``"end"`` for headings after section 四."""
    if len(cell) > 2 * _MAX_CELL_CHARS:
        return None
    text = _squashed(cell)
    if "勾稽关系" in text or text == "申请人情况":
        return "applications"
    if text == "行政复议":
        return "review"
    if text.startswith("第二十条第"):
        return "active"
    if not _HEADING_RE.match(text) or len(text) > _MAX_CELL_CHARS or _is_group(cell):
        return None
    if "主动公开政府信息" in text:
        return "active"
    if "收到和处理政府信息公开申请" in text:
        return "applications"
    if "行政复议" in text:
        return "review"
    return "end"


# --- reading rows -----------------------------------------------------------------------------


@dataclass
class _Row:
    section: str
    key: str
    width: int
    values: list[str] = field(default_factory=list)


_MAX_WARNINGS = 40


@dataclass
class TableReading:
    """Raw cells placed under SCHEMA keys, and what could not be placed."""

    cells: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # money column → unit its header names

    def warn(self, flag: str) -> None:
        """Record a warning; past ``_MAX_WARNINGS`` one more flag says there were more."""
        if len(self.warnings) < _MAX_WARNINGS:
            self.warnings.append(flag)
        elif self.warnings[-1] != "statistics_more_warnings":
            self.warnings.append("statistics_more_warnings")

    def place(self, section: str, key: str, columns: tuple[str, ...], raws: list[str]) -> None:
        rows = self.cells.setdefault(section, {})
        if key in rows:
            self.warn(f"statistics_duplicate_row:{section}.{key}")
            return
        rows[key] = dict(zip(columns, raws, strict=True))


def _fit(values: list[str], width: int, exact: bool = False) -> list[str] | None:
    """Exactly ``width`` cells. In pipe text, extra empty cells at the start are the covers of
    a label's colspan; then extra empty cells at the end are filler. Any other mismatch cannot
    be placed."""
    cells = list(values)
    while not exact and len(cells) > width and cells[0] == "":
        cells.pop(0)
    while len(cells) > width and cells[-1] == "":
        cells.pop()
    return cells if len(cells) == width else None


class _TableReader:
    """A single pass over rows of cells; section 四 is the row of 15 values under its header."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.active_columns = active_columns(template) if template in ACTIVE_BLOCKS else {}
        self.reading = TableReading()
        self.section: str | None = None
        self.pending: _Row | None = None
        self.review_values: list[str] = []  # section 四 has no row label: its values are gathered
        self.review_exact = False

    def columns(self, section: str, key: str) -> tuple[str, ...] | None:
        if section == "applications":
            return APPLICANT_COLUMNS
        return self.active_columns.get(key)

    def read(self, rows: list[CellRow]) -> TableReading:
        for cells, exact in rows:
            if len(cells) == 1:
                self.single(cells[0])
            else:
                self.row(cells, exact)
        self.close()
        self.enter(None)
        return self.reading

    # one-cell-per-line text
    def single(self, cell: str) -> None:
        value = parse_cell(cell)
        if value is not None:
            self.value(cell)
            return
        label = row_label(cell)
        if label:
            self.close()
            self.open(*label)
            return
        self.close()
        if _is_group(cell):
            return
        switch = _section_switch(cell)
        if switch:
            self.enter(None if switch == "end" else switch)
        elif len(cell) > _MAX_CELL_CHARS:
            self.enter(None)
        else:
            self.header(cell)

    def value(self, cell: str) -> None:
        if self.pending:
            self.pending.values.append(cell)
            if len(self.pending.values) == self.pending.width:
                self.close()
        elif self.section == "review":
            self.review_values.append(cell)
        elif self.section and cell.strip():
            self.reading.warn(f"statistics_unplaced:{self.section}:{cell.strip()[:20]}")

    # rows with several cells (HTML tables, pipes, PDF number runs)
    def row(self, cells: list[str], exact: bool) -> None:
        is_value = [parse_cell(cell) is not None for cell in cells]
        labels = [i for i, cell in enumerate(cells) if not is_value[i] and row_label(cell)]
        if labels:
            at = labels[-1]  # the label next to the values; group labels come before it
            self.close()
            self.open(*row_label(cells[at]))
            rest = cells[at + 1 :]
            if rest and self.pending:
                if all(is_value[at + 1 :]):
                    self.fill(rest, exact)
                else:
                    self.reading.warn(f"statistics_unplaced:{self.pending.section}.{self.pending.key}")
                    self.pending = None
            return
        if all(is_value):
            if self.pending and not self.pending.values:
                self.fill(cells, exact)  # the values of a label that stood on its own line
            elif self.section == "review":
                self.review_values.extend(cells)
                self.review_exact = exact
            elif self.section and any(cells):
                self.reading.warn(f"statistics_unplaced:{self.section}:{'|'.join(cells)[:30]}")
            return
        self.close()
        switch = next((s for s in map(_section_switch, cells) if s), None)
        if switch:
            self.enter(None if switch == "end" else switch)
        elif self.section in ("active", "applications") and any(v and c for c, v in zip(cells, is_value, strict=True)):
            self.reading.warn(f"statistics_unknown_row:{self.section}:{cells[0][:20]}")
        for cell in cells:
            self.header(cell)

    def fill(self, cells: list[str], exact: bool) -> None:
        row = self.pending
        assert row is not None
        fitted = _fit(cells, row.width, exact)
        if fitted is None:
            self.reading.warn(f"statistics_row_shape:{row.section}.{row.key}:{len(cells)}/{row.width}")
            self.pending = None
            return
        row.values = fitted
        self.close()

    def header(self, cell: str) -> None:
        """Remember the unit a money column's header names (采购总金额(元), 本年收费金额(单位:万元))."""
        text = unicodedata.normalize("NFKC", cell)
        for marker, key in (("采购总金额", "procurement"), ("收费金额", "fees")):
            if marker in text:
                unit = "万元" if "万元" in text else ("元" if "元" in text else None)
                if unit:
                    self.reading.units[key] = unit

    def open(self, section: str, key: str) -> None:
        if section != self.section:
            self.enter(section)
        columns = self.columns(section, key)
        if columns is None:
            self.reading.warn(f"statistics_unplaced:{section}.{key}:template_{self.template}")
            return
        self.pending = _Row(section, key, len(columns))

    def close(self) -> None:
        row, self.pending = self.pending, None
        if row is None:
            return
        if len(row.values) == row.width:
            self.reading.place(row.section, row.key, self.columns(row.section, row.key), row.values)
        elif row.values or row.key != "other":  # (六)其他处理 with no values is the 2021 group label
            self.reading.warn(f"statistics_row_short:{row.section}.{row.key}:{len(row.values)}/{row.width}")

    def enter(self, section: str | None) -> None:
        if self.section == "review" and section != "review":
            self.finish_review()
        self.section = section

    def finish_review(self) -> None:
        values, self.review_values = self.review_values, []
        if not values:
            return
        fitted = _fit(values, len(REVIEW_CELLS), self.review_exact)
        if fitted is None:
            self.reading.warn(f"statistics_row_shape:review_litigation:{len(values)}/{len(REVIEW_CELLS)}")
            return
        rows = self.reading.cells.setdefault("review_litigation", {})
        if rows:
            self.reading.warn("statistics_duplicate_row:review_litigation")
            return
        for (group, col), raw in zip(REVIEW_CELLS, fitted, strict=True):
            rows.setdefault(group, {})[col] = raw


def read_tables(rows: list[CellRow], template: str) -> TableReading:
    """Place the raw cells of sections 二/三/四 found in ``rows`` under SCHEMA keys."""
    return _TableReader(template).read(rows)


# --- values ------------------------------------------------------------------------------------


def table_values(reading: TableReading) -> tuple[dict, list[str]]:
    """``statistics`` (values plus ``raw``) from placed cells, with warnings for odd values."""
    warnings = []
    statistics: dict = {}
    raw: dict = {}
    for section in ("active", "applications", "review_litigation"):
        rows = reading.cells.get(section)
        if not rows:
            continue
        statistics[section] = {}
        raw[section] = {}
        for key, cols in rows.items():
            statistics[section][key] = {}
            raw[section][key] = {}
            for col, text in cols.items():
                cell = parse_cell(text) or Cell(None)
                path = f"{section}.{key}.{col}"
                value = cell.value
                if (key, col) in MONEY_COLUMNS and section == "active":
                    value, unit_warning = _money_in_wan(cell, reading.units.get(key))
                    if unit_warning:
                        warnings.append(f"{unit_warning}:{path}")
                elif cell.unit:
                    warnings.append(f"statistics_unit_in_count:{path}")
                if cell.dirty:
                    warnings.append(f"statistics_dirty_value:{path}")
                elif cell.signed and col != "delta":
                    warnings.append(f"statistics_signed_value:{path}")
                if section != "active" and value is not None and (value < 0 or isinstance(value, float)):
                    warnings.append(f"statistics_not_a_count:{path}")
                statistics[section][key][col] = value
                raw[section][key][col] = text
    if statistics:
        statistics["raw"] = raw
    return statistics, warnings


def _money_in_wan(cell: Cell, header_unit: str | None) -> tuple[float | None, str | None]:
    if cell.value is None:
        return None, None
    unit = cell.unit or header_unit
    if unit == "元":
        return round(cell.value / 10000, 6), None
    return cell.value, None if unit else "statistics_money_unit_assumed"


# --- the whole report ----------------------------------------------------------------------------


class StatisticsSource(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def cell_rows(self) -> list[CellRow]: ...


@dataclass
class ReportStatistics:
    """``statistics``, ``summary`` and ``checks`` of one report (docs/schema.md §2–§4), and warnings."""

    statistics: dict | None
    summary: dict
    checks: list[dict]
    warnings: list[str]


def parse_statistics(document: StatisticsSource, report_format: str | None = None) -> ReportStatistics:
    """Read a cleaned report's tables (2019/2021) or stated figures (pre-2019).

    ``document`` needs ``text`` and ``cell_rows``; ``report_format`` defaults to the format
    the text's own table headers show.
    """
    if report_format is None:
        report_format = detect_format(document.text)[0]
    warnings: list[str] = []
    statistics: dict | None = None
    reading = read_tables(document.cell_rows, report_format)
    stated, phrases = prose_figures(document.text)
    if reading.cells:
        statistics, value_warnings = table_values(reading)
        warnings += reading.warnings + value_warnings + _missing_rows(statistics, report_format)
    elif report_format == "pre2019":
        kept = [key for key in PRE2019_KEYS if key in stated]
        if kept:
            statistics = {
                "pre2019": {key: stated[key] for key in kept},
                "raw": {"pre2019": {key: phrases[key] for key in kept}},
            }
    prose = {key: value for key, value in stated.items() if is_stated_number(phrases.get(key))}
    checks = consistency_checks(statistics) if statistics and "pre2019" not in statistics else []
    return ReportStatistics(statistics, summarise(statistics, prose), checks, warnings)


def _missing_rows(statistics: dict, report_format: str) -> list[str]:
    if report_format not in ACTIVE_BLOCKS:
        return []
    expected = {
        "active": active_columns(report_format),
        "applications": [key for key, _, _ in application_rows(report_format)],
    }
    missing = []
    for section, rows in expected.items():
        if section in statistics:
            missing += [f"statistics_row_missing:{section}.{row}" for row in rows if row not in statistics[section]]
        else:
            missing.append(f"statistics_table_missing:{section}")
    if "review_litigation" not in statistics:
        missing.append("statistics_table_missing:review_litigation")
    return missing


# docs/schema.md §3: the summary's keys, each with the prose_figures key it falls back to.
_SUMMARY_PROSE_KEYS = {
    "active_disclosure_total": "active_total",
    "applications_new": "applications_total",
    "applications_carried_in": "applications_carried_in",
    "applications_granted": "applications_granted",
    "review_total": "review_total",
    "litigation_total": "litigation_total",
}
SUMMARY_KEYS = tuple(_SUMMARY_PROSE_KEYS)


def summarise(statistics: dict | None, prose: dict | None = None) -> dict:
    """The docs/schema.md §3 headline figures, comparable across eras: the table's where it has them,
    else the numbers the text states in sentences (``prose``, keyed as ``prose_figures`` keys
    them); None when not stated."""
    statistics = statistics or {}
    prose = prose or {}
    applications = statistics.get("applications") or {}
    review = statistics.get("review_litigation") or {}

    def cell(table: dict, row: str, col: str = "total"):
        return (table.get(row) or {}).get(col)

    suits = [cell(review, group) for group in ("suit_direct", "suit_after_review")]
    litigation = None if all(v is None for v in suits) else sum(v or 0 for v in suits)
    from_tables = {
        "active_disclosure_total": None,
        "applications_new": cell(applications, "new"),
        "applications_carried_in": cell(applications, "carried_in"),
        "applications_granted": cell(applications, "granted"),
        "review_total": cell(review, "review"),
        "litigation_total": litigation,
    }
    return {
        key: value if value is not None else prose.get(_SUMMARY_PROSE_KEYS[key]) for key, value in from_tables.items()
    }
