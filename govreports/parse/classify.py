"""Tell a 政府信息公开工作年度报告 from the look-alikes that share its columns."""

from __future__ import annotations

import re

# Checked in order; the first match names the reason a title is not an annual report.
_LOOKALIKES = (
    ("website_annual_form", re.compile(r"网站.{0,6}(?:年度)?报表|网站.{0,4}年度.{0,4}报告")),
    ("performance_report", re.compile(r"绩效")),
    ("budget_report", re.compile(r"预算|决算")),
    ("statistical_bulletin", re.compile(r"统计公报")),
    ("audit_report", re.compile(r"审计(?:工作)?报告")),
    ("enterprise_annual_report", re.compile(r"企业年报|企业年度报告")),
    ("government_work_report", re.compile(r"^(?!.*信息公开).*政府工作报告")),
)
# 信息公开工作年度报告 and the variants real titles use (信息公开年报, 信息年度公开报告, 政务公开…年度报告).
_ANNUAL_REPORT = re.compile(r"信息.{0,4}公开.{0,10}(?:报告|年报)|政务公开.{0,12}(?:年度报告|年报)")


def classify_title(title: str | None) -> tuple[bool, str]:
    """``(True, "annual_report")`` or ``(False, reason)`` for a report title (simplified script)."""
    if not title:
        return False, "no_title"
    for reason, pattern in _LOOKALIKES:
        if pattern.search(title):
            return False, reason
    if _ANNUAL_REPORT.search(title):
        return True, "annual_report"
    return False, "not_annual_report"


def is_annual_report_title(title: str | None) -> bool:
    return classify_title(title)[0]
