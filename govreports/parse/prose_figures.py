"""Figures a report states in sentences: pre-2019 reports have no national table, and reports of
every era state their headline numbers in prose (主动公开政府信息170条, 共收到申请19件, 上年结转2件,
行政复议3件). A table, where the text has one, wins over the prose.

Only an exact number stated for the whole of what a key means is read. Not: counts given with
余/多 (approximate), a 截至…累计 running total, a breakdown part (其中…) of a total already read,
a count that is one item of a list by channel or category (门户网站…2978条，政务微信321条), or one
written in 万. A sentence that says there was none (未收到申请) is kept with its phrase in the
pre-2019 figures, but it is no number the summary reports.

Each figure keeps the phrase it was read from, so an analyst can see why a number is there.
"""

from __future__ import annotations

import re

from govreports.parse.text_cleaning import nfkc

_NUM = r"(\d[\d,]*)"
_GAP = r"[^，。；,;:：\d\n]"  # within one clause, no other number in between
_COUNT = r"\s*(?:件次|件|条|宗|起|个|次|份|项|篇)"
_EXACT = r"(?![\d.,]|\s*(?:余|多|万))"  # neither a longer number, nor 余/多/万
_APPLY_VERB = r"(?:新收到|收到|受理|接收|接到|新收)"

# key → patterns; a pattern with a number group reads it, one without states zero.
_PATTERNS: dict[str, tuple[str, ...]] = {
    "active_total": (
        rf"主动公开{_GAP}{{0,120}}?(?:信息|政务信息){_GAP}{{0,6}}?{_NUM}{_EXACT}{_COUNT}",
        rf"主动公开{_GAP}{{0,6}}?{_NUM}{_EXACT}{_COUNT}(?:政府)?信息",
        rf"共公开{_GAP}{{0,10}}?(?:政府)?信息{_NUM}{_EXACT}{_COUNT}",
    ),
    "applications_total": (
        rf"{_APPLY_VERB}{_GAP}{{0,20}}?申请{_GAP}{{0,8}}?{_NUM}{_EXACT}{_COUNT}",
        rf"申请公开{_GAP}{{0,2}}?共?{_APPLY_VERB}{_NUM}{_EXACT}{_COUNT}",
        rf"共?{_APPLY_VERB}{_NUM}{_EXACT}(?:件|份|项){_GAP}{{0,12}}?申请",
        rf"(?:未|没有)(?:收到|受理|接到){_GAP}{{0,20}}?申请",
    ),
    "applications_carried_in": (
        rf"(?:上一?年度?|(?:19|20)\d{{2}}\s*年度?)(?:结转|转结){_GAP}{{0,14}}?{_NUM}{_EXACT}{_COUNT}",
    ),
    "applications_granted": (rf"(?:同意公开|予以公开)(?:答复)?(?:的)?{_NUM}{_EXACT}{_COUNT}",),
    "applications_partial": (rf"部分公开(?:答复)?(?:的)?{_NUM}{_EXACT}{_COUNT}",),
    "applications_refused": (rf"(?:不予公开|不同意公开|否决公开)(?:答复)?(?:的)?{_NUM}{_EXACT}{_COUNT}",),
    "fees_yuan": (
        rf"收取{_GAP}{{0,16}}?费{_GAP}{{0,6}}?(\d+(?:\.\d+)?)\s*(万元|元)",
        rf"(?:未|没有)收取{_GAP}{{0,24}}?费",
    ),
    "review_total": (
        rf"行政复议(?:案件|申请)?{_GAP}{{0,2}}?{_NUM}{_EXACT}{_COUNT}",
        rf"(?:未|没有)(?:发生|收到)?{_GAP}{{0,20}}?行政复议",
    ),
    "litigation_total": (
        rf"行政诉讼(?:案件)?{_GAP}{{0,2}}?{_NUM}{_EXACT}{_COUNT}",
        rf"(?:未|没有)(?:发生|收到)?{_GAP}{{0,30}}?(?:行政)?诉讼",
    ),
    "complaints_total": (
        rf"(?:举报|投诉|申诉){_GAP}{{0,4}}?{_NUM}{_EXACT}{_COUNT}",
        rf"(?:未|没有)(?:发生|收到)?{_GAP}{{0,30}}?(?:举报|投诉|申诉)",
    ),
}
_COMPILED = {key: tuple(re.compile(p) for p in patterns) for key, patterns in _PATTERNS.items()}
PRE2019_KEYS = tuple(key for key in _PATTERNS if key != "applications_carried_in")
# Inside section 二 (or under its 数量 heading) the total is often "公开…信息69条" without 主动.
_SECTION_ACTIVE_RE = re.compile(rf"(?:共|累计)?(?:发布|公开){_GAP}{{0,14}}?信息\s*{_NUM}{_EXACT}{_COUNT}")
_SECTION_2_RE = re.compile(
    r"(?:^|\n)(?:二、主动公开|[(（]一[)）]主动公开[^\n]{0,8}数量)[^\n]{0,12}\n?(.*?)(?=\n[三四五六七八九]、|\Z)", re.S
)
# What makes a count something other than the total: a running total, a channel list.
_RUNNING_TOTAL_RE = re.compile(r"截至|截止")
_CHANNEL_NEXT_RE = re.compile(
    r"^\s*[，,]\s*(?:政务)?(?:微信|微博|抖音|头条|客户端|APP|新媒体|公众号)[^，,。；]{0,6}?\d"
)
_CARRIED_OUT_RE = re.compile(r"结转(?:至|到|下)")
# A total whose breakdown starts with an approximate part: 66551条，其中，市本级…31339余条.
_APPROXIMATE_PARTS_RE = re.compile(r"^\s*[，,]?\s*其中\s*[，,:：]?[^。；;\d]{0,20}\d+\s*(?:余|多)")


def _sentence_start(text: str, position: int) -> int:
    return max(text.rfind("。", 0, position), text.rfind("\n", 0, position)) + 1


def _clause_start(text: str, position: int) -> int:
    return max(text.rfind(mark, 0, position) for mark in "。\n，,；;") + 1


def _is_total(key: str, text: str, match: re.Match) -> bool:
    """Whether the count read by ``match`` is the whole of ``key``, not a part or a running total."""
    if key == "applications_carried_in":
        return not _CARRIED_OUT_RE.search(match.group(0))
    if key != "active_total":
        return True
    sentence = text[_sentence_start(text, match.start()) : match.start()]
    if _RUNNING_TOTAL_RE.search(sentence) and "累计" in text[_clause_start(text, match.start()) : match.end()]:
        return False
    after = text[match.end() : match.end() + 30]
    if after.startswith("、") or _CHANNEL_NEXT_RE.match(after):
        return False  # one item of a list by category or by channel
    if _APPROXIMATE_PARTS_RE.match(text[match.end() : match.end() + 60]):
        return False  # a sum of approximate parts is no exact total
    clause = text[_clause_start(text, match.start()) : match.start()]
    if clause.lstrip().startswith("其中"):
        previous = text[_sentence_start(text, match.start()) : _clause_start(text, match.start())]
        if "主动公开" in previous:
            return False  # a part of the total the clause before gave
    return True


def _first(key: str, text: str) -> tuple[int | float, str] | None:
    """The earliest statement of ``key`` in ``text``: ``(value, phrase)``."""
    best = None
    for pattern in _COMPILED[key]:
        for match in pattern.finditer(text):
            if not match.groups() or _is_total(key, text, match):
                if best is None or match.start() < best.start():
                    best = match
                break
    if best is None:
        return None
    if not best.groups():
        return 0, best.group(0)
    value: int | float = float(best.group(1)) if "." in best.group(1) else int(best.group(1).replace(",", ""))
    if key == "fees_yuan" and best.group(2) == "万元":
        value = round(value * 10000, 2)
    return value, best.group(0)


def _active_total(text: str) -> tuple[int, str] | None:
    """主动公开政府信息总数 as the (NFKC) text states it: ``(value, phrase)``."""
    found = _first("active_total", text)
    if found:
        return found
    section = _SECTION_2_RE.search(text)
    if section:
        for match in _SECTION_ACTIVE_RE.finditer(section.group(1)):
            if _is_total("active_total", section.group(1), match):
                return int(match.group(1).replace(",", "")), match.group(0)
    return None


def prose_figures(text: str) -> tuple[dict, dict]:
    """``(values, phrases)`` for every figure ``text`` states in sentences (the docs/schema.md §2.4
    keys, and ``applications_carried_in``)."""
    text = nfkc(text)
    values: dict = {}
    phrases: dict = {}
    active = _active_total(text)
    if active:
        values["active_total"], phrases["active_total"] = active
    for key in _PATTERNS:
        if key == "active_total":
            continue
        found = _first(key, text)
        if found:
            values[key], phrases[key] = found
    return values, phrases


def is_stated_number(phrase: str | None) -> bool:
    """Whether a figure's phrase states a number (a sentence saying there was none does not)."""
    return bool(phrase) and any(char.isdigit() for char in phrase)
