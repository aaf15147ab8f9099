"""Which national template a report's statistics follow, from the tables' own header tokens."""

from __future__ import annotations

import re

from govreports.parse.text_cleaning import nfkc

_TOKENS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额")
_TOKENS_2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "政府集中采购",
    "其他对外管理服务事项",
    "第二十条第(九)项",
)
# Section 三's own table labels, present in both national templates.
_APPLICATION_TABLE_TOKENS = ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量")
# Headings of the 2019+ skeleton; with no table tokens they mean the tables were lost.
_SKELETON_2019 = ("收到和处理政府信息公开申请情况", "行政复议、行政诉讼情况")
_PRE2019_HEADINGS = re.compile(
    r"概述|依申请公开(?:政府)?信息(?:的)?(?:办理)?情况|收费及减免|依申请公开政府信息和不予公开"
)


_HEADER_YEAR_RE = re.compile(r"\((?:19|20)\d{2}\)")  # 本年(2023)制发件数


def _squash(text: str) -> str:
    return _HEADER_YEAR_RE.sub("", "".join(nfkc(text).split()))


def detect_format(text: str, year: int | None = None) -> tuple[str, list[str]]:
    """Return ``(format, warnings)`` with format ``pre2019`` | ``2019`` | ``2021`` | ``unknown``.

    Reports for years up to 2018 predate the national table (``pre2019``, whatever their text
    looks like); from 2019 on the table's own header tokens decide, and a report whose table is
    not in the text is ``unknown`` even when it is written in the old section layout."""
    if year is not None and year <= 2018:
        return "pre2019", []
    found, warnings = _format_from_text(_squash(text))
    if found == "pre2019" and year is not None:
        return "unknown", warnings
    return found, warnings


def _format_from_text(flat: str) -> tuple[str, list[str]]:
    score_2021 = sum(token in flat for token in _TOKENS_2021)
    score_2019 = sum(token in flat for token in _TOKENS_2019)
    # Two tokens, because single ones (政府集中采购) also occur in prose.
    if max(score_2021, score_2019) >= 2:
        return ("2021" if score_2021 > score_2019 else "2019"), []
    if any(token in flat for token in _APPLICATION_TABLE_TOKENS):
        return "unknown", ["active_table_missing"]
    if any(_squash(h) in flat for h in _SKELETON_2019):
        return "unknown", ["tables_missing"]
    if _PRE2019_HEADINGS.search(flat):
        return "pre2019", []
    return "unknown", []
