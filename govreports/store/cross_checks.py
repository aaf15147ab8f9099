"""Checks across two consecutive years of one issuer, which no single report can give.

- ``carried_over``: this year's 上年结转 (``carried_in``) equals last year's 结转下年度继续办理
  (``carried_out``), per applicant column.
- ``valid_documents`` (soft, 2021 template): this year's 现行有效件数 against last year's plus
  issued minus repealed, for 规章 and 规范性文件. Documents also expire or are cleaned up, so a
  mismatch is information, not an error.
"""

from __future__ import annotations

from govreports.parse.checks import judge
from govreports.parse.statistics_template import APPLICANT_COLUMNS


def cross_year_checks(last_year: dict | None, this_year: dict | None) -> list[dict]:
    """Checks between two statistics dicts of one issuer in consecutive years; ``soft`` marks
    the informational rule."""
    last, this = last_year or {}, this_year or {}
    before = (last.get("applications") or {}).get("carried_out")
    now = (this.get("applications") or {}).get("carried_in")
    table = {"carried_in": now, "carried_out last year": before} if before and now else None
    units = ((f"column {c}", [("carried_in", c)], [("carried_out last year", c)]) for c in APPLICANT_COLUMNS)
    checks = [{**judge("carried_over", table, units), "soft": False}]
    valid = _valid_documents(last.get("active") or {}, this.get("active") or {})
    if valid:
        checks.append(valid)
    return checks


def _valid_documents(last: dict, this: dict) -> dict | None:
    """None when either year lacks the 2021 columns (the 2019 table has no 现行有效件数)."""
    judged, failures = 0, []
    applicable = False
    for row in ("rules", "normative_docs"):
        before, now = last.get(row) or {}, this.get(row) or {}
        if "valid" not in before or "valid" not in now:
            continue
        applicable = True
        was, issued, repealed, valid = before["valid"], now.get("issued") or 0, now.get("repealed") or 0, now["valid"]
        if was is None or valid is None:
            continue
        judged += 1
        if was + issued - repealed != valid:
            failures.append(
                f"{row}: valid {valid:g} ≠ last year's {was:g} + issued {issued:g} − repealed {repealed:g}"
                f" = {was + issued - repealed:g}"
            )
    if not applicable:
        return None
    ok = False if failures else (True if judged else None)
    detail = "; ".join(failures) or (f"{judged} checked" if judged else "inputs blank")
    return {"rule": "valid_documents", "ok": ok, "detail": detail, "soft": True}
