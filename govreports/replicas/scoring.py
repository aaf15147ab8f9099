"""Compare crawled records with a replica's ground truth: fields, statistics cells and checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from govreports.parse.urls import report_id

COMPARED_FIELDS = ("title", "issuer", "region", "level", "year", "publish_date", "format", "summary")
# The rules of docs/schema.md §4 every report with tables is judged by; the truth names those that must fail.
CHECK_RULES = ("applications_balance", "applications_results_sum", "applications_row_total", "review_litigation_totals")


@dataclass
class Score:
    expected: int
    found: int
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    mismatches: list[tuple[str, str, object, object]] = field(default_factory=list)  # url, field, expected, got
    cells_expected: int = 0
    cells_correct: int = 0
    cell_errors: list[tuple[str, str, object, object]] = field(default_factory=list)  # url, path, expected, got
    checks_expected_to_fail: int = 0
    checks_failed_as_expected: int = 0
    checks_expected_to_hold: int = 0
    checks_held_as_expected: int = 0
    check_errors: list[tuple[str, str, object]] = field(default_factory=list)  # url, rule, ok ("missing")

    @property
    def exact(self) -> bool:
        return not (
            self.missing
            or self.unexpected
            or self.duplicates
            or self.mismatches
            or self.cell_errors
            or self.check_errors
        )


def score(records: list[dict], truth: list[dict]) -> Score:
    """Reports are matched by ``report_id`` (canonical URL), so www./scheme variants are one report."""
    expected = {report_id(t["url"]): t for t in truth}
    got: dict[str, dict] = {}
    result = Score(expected=len(expected), found=len(records))
    for record in records:
        rid = record["report_id"]
        if rid in got:
            result.duplicates.append(record["url"])
        got[rid] = record
    result.missing = sorted(expected[rid]["url"] for rid in expected.keys() - got.keys())
    result.unexpected = sorted(got[rid]["url"] for rid in got.keys() - expected.keys())
    for rid in expected.keys() & got.keys():
        want, record = expected[rid], got[rid]
        for name in COMPARED_FIELDS:
            if name in want and want[name] != record.get(name):
                result.mismatches.append((want["url"], name, want[name], record.get(name)))
        _score_cells(result, want, record)
        _score_checks(result, want, record)
    return result


def _score_cells(result: Score, want: dict, record: dict) -> None:
    """Every expected statistics cell, compared with the record's value at the same path."""
    got = record.get("statistics") or {}
    for section, rows in (want.get("statistics") or {}).items():
        for row, cols in rows.items():
            for col, value in (cols if isinstance(cols, dict) else {"": cols}).items():
                found = (got.get(section) or {}).get(row, "missing")
                found = found.get(col, "missing") if isinstance(found, dict) else found
                result.cells_expected += 1
                if found == value and type(found) is type(value):
                    result.cells_correct += 1
                else:
                    path = ".".join(part for part in (section, row, col) if part)
                    result.cell_errors.append((want["url"], path, value, found))


def _score_checks(result: Score, want: dict, record: dict) -> None:
    """Every rule is judged: the rules the figures break must fail, the others must not, and a rule
    the record does not report at all is an error too."""
    if not want.get("statistics") or "pre2019" in want["statistics"]:
        return
    failing = set(want.get("failing_checks") or ())
    judged = {check["rule"]: check["ok"] for check in record.get("checks") or []}
    for rule in CHECK_RULES:
        expected_to_fail = rule in failing
        if expected_to_fail:
            result.checks_expected_to_fail += 1
        else:
            result.checks_expected_to_hold += 1
        if rule not in judged:
            result.check_errors.append((want["url"], rule, "missing"))
            continue
        ok = judged[rule]
        if expected_to_fail:
            result.checks_failed_as_expected += ok is False
        else:
            result.checks_held_as_expected += ok is not False
        if (ok is False) != expected_to_fail:
            result.check_errors.append((want["url"], rule, ok))
