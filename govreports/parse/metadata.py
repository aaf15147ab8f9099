"""Report metadata from cleaned page parts: title, the signature, year and publish date.

The issuer is ``issuers.choose_issuer``'s and the place ``places.locate``'s; this module holds the
rest of what a page states about itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from govreports.parse.dates import find_dates, han_number, parse_date
from govreports.parse.titles import (
    clean_title,
    heading_line,
    heading_title,
    is_report_title,
    markup_title,
    prose_title,
    title_organ,
)

_ORG_END_RE = re.compile(
    r"(?:人民政府|政府|行政公署|办公室|办公厅|办事处|委员会|局|厅|署|院|所|中心|馆|站|队|委|办|部|会|社|苏木|镇|乡|街道|县|市|区|旗)$"
)
# The statistics period, whose end (else start) gives the year; digits are often dropped
# (自202111日起至20211231日止, 20201月1日起至202012月31日止).
_PERIOD_CONTEXT_RE = re.compile(r"(?:统计|数据|期限|时限|时段|期间|涵盖)[^。]{0,60}")
_PERIOD_END_RE = re.compile(r"(?:至|到|—|－|-|~)\s*((?:19|20)\d{2})\s*年?\s*12\s*月?\s*31\s*日")
_PERIOD_START_RE = re.compile(r"(?:自|从|为|是|期限|时间|时段)\s*((?:19|20)\d{2})\s*年?\s*0?1\s*月?\s*0?1\s*日")
_TITLE_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年?")
_TITLE_HAN_YEAR_RE = re.compile(r"([〇零○一二三四五六七八九]{4})\s*年")
_BODY_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月\s*\d)")
_CITATION_RE = re.compile(r"《[^》]{0,80}》|〔[^〕]{0,12}〕|\[[^\]]{0,12}\]|【[^】]{0,12}】")
_SIGNATURE_LINES = 4
# A line that is only a date, in brackets or not: a signature or a cover date.
_DATE_ONLY_RE = re.compile(r"^[(（\[]?\s*[\d〇零○一二三四五六七八九十年月日\s./-]{6,20}[)）\]]?$")
_WEEKDAY_RE = re.compile(r"星期|周[一二三四五六日天]")
_SENTENCE_RE = re.compile(r"[。，,；;]|至|起")


def choose_title(
    candidates: list[tuple[str, str]], list_title: str | None, lines: list[str]
) -> tuple[str | None, int | None, list[str]]:
    """The report's title, the index in ``lines`` of its heading (when a heading gave it), and
    warnings. Page markup and the heading lines first (the first that names its organ wins), then
    the list's link text, then the sentence that names the report; else none."""
    marked = markup_title(candidates)
    heading, index = heading_title(lines)
    if marked and (title_organ(marked) or not (heading and title_organ(heading))):
        return marked, None, []
    if heading:
        return heading, index, []
    index = heading_line(lines)
    listed = clean_title(list_title)
    if listed and is_report_title(listed) and "…" not in listed and "..." not in listed:
        return listed, index, ["title_from_list"]
    prose = prose_title(lines)
    if prose:
        return prose, index, ["title_from_prose"]
    return None, index, ["title_missing"]


def issuer_from_signature(lines: list[str]) -> tuple[str | None, dt.date | None]:
    """The organ and date that sign the report off at its end."""
    tail = [line for line in lines[-_SIGNATURE_LINES:] if len(line) <= 40 and not _SENTENCE_RE.search(line)]
    issuer, date = None, None
    for line in reversed(tail):
        dates = find_dates(line)
        if dates and date is None:
            date = dates[-1][1]
            line = line[: dates[-1][0]].strip()
        if line and issuer is None and _ORG_END_RE.search(line) and not re.search(r"[。，,；:：]", line):
            issuer = line
        if issuer and date:
            break
    return issuer, date


def report_year(text: str, title: str | None, publish_date: dt.date | None) -> tuple[int | None, list[str]]:
    """The reporting year: the title's, else the statistics period's (its end), else the year the
    body speaks of most, else the year before publication. Cited documents (《…》, 〔2019〕) do not
    count. When the title and the period disagree the title wins: a period copied from last
    year's template is the commoner slip."""
    title_year = _title_year(title)
    period_year = _period_year(text)
    if title_year:
        return title_year, ["year_title_mismatch"] if period_year and period_year != title_year else []
    if period_year:
        return period_year, []
    body_year = _body_year(text)
    if body_year:
        return body_year, ["year_from_body"]
    if publish_date:
        return publish_date.year - 1, ["year_from_publish_date"]
    return None, ["year_missing"]


def _title_year(title: str | None) -> int | None:
    if not title:
        return None
    m = _TITLE_YEAR_RE.search(title)
    if m:
        return int(m.group(1))
    h = _TITLE_HAN_YEAR_RE.search(title)
    return han_number(h.group(1)) if h else None


def _period_year(text: str) -> int | None:
    for context in _PERIOD_CONTEXT_RE.finditer(text[:4000]):
        sentence = context.group(0)
        m = _PERIOD_END_RE.search(sentence) or _PERIOD_START_RE.search(sentence)
        if m:
            return int(m.group(1))
    return None


def _body_year(text: str) -> int | None:
    prose = _CITATION_RE.sub("", text[:4000])
    years = Counter(int(y) for y in _BODY_YEAR_RE.findall(prose))
    if not years:
        return None
    return max(years, key=lambda y: (years[y], -prose.index(str(y))))


def stated_dates(head: list[str], lines: list[str], title_index: int | None) -> tuple[dt.date | None, dt.date | None]:
    """Dates a page states without a label: the dateline right under the heading (a cover date,
    a news dateline, the site name and a date), and the last line that is only a date (a
    signature or a cover letter's date). A banner's date with its weekday is the site's, not the
    report's."""
    every = head + lines
    dateline = None
    if title_index is not None:
        for line in every[title_index + 1 : title_index + 3]:
            dates = find_dates(line)
            # A dateline is a date near the start of a short strip, not one inside a sentence or a
            # period (自…1月1日起至…).
            if dates and not _WEEKDAY_RE.search(line) and dates[0][0] <= 40 and not _SENTENCE_RE.search(line):
                dateline = dates[0][1]
                break
    date_only = None
    for line in reversed(every):
        stripped = line.strip(" |")
        if _DATE_ONLY_RE.match(stripped):
            dates = find_dates(stripped)
            if dates:
                date_only = dates[0][1]
                break
    return dateline, date_only


def choose_publish_date(
    fields: dict[str, str],
    meta: dict[str, str],
    signature_date: dt.date | None,
    list_date: str | None,
    list_is_page: bool = False,
    dateline: dt.date | None = None,
) -> tuple[dt.date | None, list[str]]:
    """The page's 发布时间/发布日期, else its dateline, else the signature date, else the list's
    date. For a report published only as an attachment, the list entry is its page, so the list's
    date comes first."""
    for value in (fields.get("publish_date"), meta.get("PubDate"), list_date if list_is_page else None):
        date = parse_date(value)
        if date:
            return date, []
    if dateline:
        return dateline, []
    if signature_date:
        return signature_date, []
    date = parse_date(list_date)
    if date:
        return date, ["publish_date_from_list"]
    return None, ["publish_date_missing"]
