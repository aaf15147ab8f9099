"""The arithmetic consistency rules of docs/schema.md §4, run on one report's ``statistics``.

Each rule is checked per column, row or group ("unit"). A blank cell counts as 0, as the
format spec says, but a unit whose whole left or right side is blank, or whose row the parser
did not find, is not judged: real reports often fill only the totals, or only the parts.
"""

from __future__ import annotations

from collections.abc import Iterator

from govreports.parse.statistics_template import (
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    result_rows,
)

_ONLY_2021 = frozenset(result_rows("2021")) - frozenset(result_rows("2019"))

Term = tuple[str, str]  # (row, column) in a section


def _side(table: dict, terms: list[Term]) -> tuple[float | None, str]:
    """Sum of ``terms`` and how it was written; None when a row is missing or every cell is blank."""
    values = []
    for row, col in terms:
        if row not in table or col not in table[row]:
            return None, ""
        values.append(table[row][col])
    if all(v is None for v in values):
        return None, ""
    total = sum(v or 0 for v in values)
    if len(terms) <= 3:
        written = " + ".join(f"{row} {_fmt(v)}" for (row, _), v in zip(terms, values, strict=True))
        return total, written + ("" if len(terms) == 1 else f" = {_fmt(total)}")
    return total, f"sum of {len(terms)} cells = {_fmt(total)}"


def _fmt(value) -> str:
    return "blank" if value is None else f"{value:g}"


def judge(rule: str, table: dict | None, units: Iterator[tuple[str, list[Term], list[Term]]]) -> dict:
    if not table:
        return {"rule": rule, "ok": None, "detail": "table not found"}
    failures, judged = [], 0
    for name, left, right in units:
        left_sum, left_text = _side(table, left)
        right_sum, right_text = _side(table, right)
        if left_sum is None or right_sum is None:
            continue
        judged += 1
        if abs(left_sum - right_sum) > 1e-9:
            failures.append(f"{name}: {left_text} ≠ {right_text}")
    if failures:
        return {"rule": rule, "ok": False, "detail": "; ".join(failures)}
    if judged:
        return {"rule": rule, "ok": True, "detail": f"{judged} checked"}
    return {"rule": rule, "ok": None, "detail": "inputs blank"}


def result_rows_present(applications: dict) -> tuple[str, ...]:
    """The result rows of the template the table follows: one (六) row in 2019, three in 2021."""
    return result_rows("2021" if _ONLY_2021 & applications.keys() else "2019")


def consistency_checks(statistics: dict | None) -> list[dict]:
    """The four docs/schema.md §4 rules; ``ok`` is True, False, or None when nothing could be judged."""
    statistics = statistics or {}
    applications = statistics.get("applications")
    review = statistics.get("review_litigation")
    results = result_rows_present(applications or {})
    return [
        judge(
            "applications_balance",
            applications,
            (
                (f"column {col}", [("new", col), ("carried_in", col)], [("total", col), ("carried_out", col)])
                for col in APPLICANT_COLUMNS
            ),
        ),
        judge(
            "applications_results_sum",
            applications,
            ((f"column {col}", [("total", col)], [(row, col) for row in results]) for col in APPLICANT_COLUMNS),
        ),
        judge(
            "applications_row_total",
            applications,
            ((f"row {row}", [(row, "total")], [(row, col) for col in APPLICANT_PARTS]) for row in (applications or {})),
        ),
        judge(
            "review_litigation_totals",
            review,
            (
                (f"group {group}", [(group, "total")], [(group, col) for col in REVIEW_COLUMNS[:4]])
                for group in REVIEW_GROUPS
            ),
        ),
    ]
