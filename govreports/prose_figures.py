"""Figures a report states in sentences: pre-2019 reports have no national table, and every era
states its active-disclosure total in prose (主动公开政府信息170条).

Each figure keeps the phrase it was read from, so an analyst can see why a number is there.
"""

from __future__ import annotations

import re

from govreports.text_cleaning import nfkc

_NUM = r"(\d[\d,]*)"
_GAP = r"[^，。；,;:：\d\n]"  # within one clause, no other number in between
_COUNT = r"\s*(?:件|条|宗|起|个|次|份)"

# key → patterns; a pattern with a number group reads it, one without states zero.
_PATTERNS: dict[str, tuple[str, ...]] = {
    "active_total": (
        rf"主动公开{_GAP}{{0,15}}?信息{_GAP}{{0,4}}?{_NUM}\s*条",
        rf"主动公开{_GAP}{{0,6}}?{_NUM}\s*条(?:政府)?信息",
    ),
    "applications_total": (
        rf"(?:收到|受理){_GAP}{{0,20}}?申请{_GAP}{{0,6}}?{_NUM}{_COUNT}",
        rf"(?:未|没有)(?:收到|受理){_GAP}{{0,20}}?申请",
    ),
    "applications_granted": (rf"(?:同意公开|予以公开)(?:答复)?(?:的)?{_NUM}{_COUNT}",),
    "applications_partial": (rf"部分公开(?:答复)?(?:的)?{_NUM}{_COUNT}",),
    "applications_refused": (rf"(?:不予公开|不同意公开|否决公开)(?:答复)?(?:的)?{_NUM}{_COUNT}",),
    "fees_yuan": (
        rf"收取{_GAP}{{0,16}}?费{_GAP}{{0,6}}?(\d+(?:\.\d+)?)\s*(万元|元)",
        rf"(?:未|没有)收取{_GAP}{{0,24}}?费",
    ),
    "review_total": (
        rf"行政复议(?:案件|申请)?{_GAP}{{0,2}}?{_NUM}{_COUNT}",
        rf"(?:未|没有)(?:发生|收到)?{_GAP}{{0,20}}?行政复议",
    ),
    "litigation_total": (
        rf"行政诉讼(?:案件)?{_GAP}{{0,2}}?{_NUM}{_COUNT}",
        rf"(?:未|没有)(?:发生|收到)?{_GAP}{{0,30}}?(?:行政)?诉讼",
    ),
    "complaints_total": (
        rf"(?:举报|投诉|申诉){_GAP}{{0,4}}?{_NUM}{_COUNT}",
        rf"(?:未|没有)(?:发生|收到)?{_GAP}{{0,30}}?(?:举报|投诉|申诉)",
    ),
}
_COMPILED = {key: tuple(re.compile(p) for p in patterns) for key, patterns in _PATTERNS.items()}
# Inside section 二 the total is often "共发布各类信息5090条" without the word 主动公开.
_SECTION_ACTIVE_RE = re.compile(rf"共(?:发布|公开){_GAP}{{0,10}}?信息{_NUM}\s*条")
_SECTION_2_RE = re.compile(r"(?:^|\n)二、主动公开[^\n]{0,12}\n(.*?)(?=\n[三四五六七八九]、|\Z)", re.S)


def _first(key: str, text: str) -> tuple[int | float | None, str] | None:
    """The earliest statement of ``key`` in ``text``: ``(value, phrase)``."""
    best = None
    for pattern in _COMPILED[key]:
        match = pattern.search(text)
        if match and (best is None or match.start() < best.start()):
            best = match
    if best is None:
        return None
    if not best.groups():
        return 0, best.group(0)
    value: int | float = float(best.group(1)) if "." in best.group(1) else int(best.group(1).replace(",", ""))
    if key == "fees_yuan" and best.group(2) == "万元":
        value = round(value * 10000, 2)
    return value, best.group(0)


def active_disclosure_total(text: str) -> tuple[int, str] | None:
    """主动公开政府信息总数 as the text states it: ``(value, phrase)``."""
    text = nfkc(text)
    found = _first("active_total", text)
    if found:
        return found
    section = _SECTION_2_RE.search(text)
    match = _SECTION_ACTIVE_RE.search(section.group(1)) if section else None
    return (int(match.group(1).replace(",", "")), match.group(0)) if match else None


def pre2019_figures(text: str) -> tuple[dict, dict]:
    """``(values, phrases)`` under the SCHEMA.md §2.4 keys for the figures ``text`` states."""
    text = nfkc(text)
    values: dict = {}
    phrases: dict = {}
    active = active_disclosure_total(text)
    if active:
        values["active_total"], phrases["active_total"] = active
    for key in _PATTERNS:
        if key == "active_total":
            continue
        found = _first(key, text)
        if found:
            values[key], phrases[key] = found
    return values, phrases
