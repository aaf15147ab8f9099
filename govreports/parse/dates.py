"""Dates as Chinese government pages write them: 2021-01-29, 2020年2月18日, 二〇二〇年二月十八日.

The common shapes are read by regular expressions (cheap, exact); anything else goes to
dateparser with ``languages=["zh"]``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_HAN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_HAN_NUM = "〇零○Ｏ一二三四五六七八九十"

_NUMERIC_DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
)
_HAN_DATE_RE = re.compile(rf"([{_HAN_NUM}]{{4}})\s*年\s*([{_HAN_NUM}]{{1,3}})\s*月\s*([{_HAN_NUM}]{{1,3}})\s*日")


def han_number(text: str) -> int | None:
    """Read 二〇二〇 (digit by digit) or 十八 / 二十一 (with 十) as an integer."""
    if not text:
        return None
    if "十" in text:
        tens, _, units = text.partition("十")
        tens_value = _HAN_DIGITS.get(tens, None) if tens else 1
        units_value = _HAN_DIGITS.get(units, None) if units else 0
        if tens_value is None or units_value is None:
            return None
        return tens_value * 10 + units_value
    value = 0
    for ch in text:
        if ch not in _HAN_DIGITS:
            return None
        value = value * 10 + _HAN_DIGITS[ch]
    return value


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """Every date in ``text`` with its position, in order of appearance."""
    found = []
    for m in _NUMERIC_DATE_RE.finditer(text):
        date = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if date:
            found.append((m.start(), date))
    for m in _HAN_DATE_RE.finditer(text):
        parts = [han_number(g) for g in m.groups()]
        if None not in parts:
            date = _valid(*parts)  # type: ignore[arg-type]
            if date:
                found.append((m.start(), date))
    return sorted(found, key=lambda pair: pair[0])


def parse_date(text: str | None) -> dt.date | None:
    """Parse one date string; regex shapes first, then dateparser (``languages=['zh']``)."""
    if not text or not text.strip():
        return None
    dates = find_dates(text)
    if dates:
        return dates[0][1]
    parsed = _dateparser_parse(text.strip()[:64])
    return parsed.date() if parsed else None


@lru_cache(maxsize=4096)
def _dateparser_parse(text: str) -> dt.datetime | None:
    import dateparser

    return dateparser.parse(
        text,
        languages=["zh"],
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month", "day"]},
    )
