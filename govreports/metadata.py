"""Report metadata from cleaned page parts: title, issuer, region and level, year, publish date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from govreports.classify import is_annual_report_title
from govreports.dates import find_dates, han_number, parse_date

_JUNK_TITLES = {"document", "无标题文档", "untitled", "index"}
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\s-\s|\||—{1,2}|－)\s*")

# The issuer is what a title says before its year: 玉环市2020年…, 海盐县沈荡镇人民政府2017年度….
_TITLE_ISSUER_RE = re.compile(
    r"^(?:关于)?(?P<issuer>[\u4e00-\u9fff（）()·]{2,40}?)(?:关于)?\s*(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年"
)
_ORG_SUFFIX_RE = re.compile(
    r"(?:人民政府|政府办公室|办公室|办公厅|办事处|委员会|局|厅|署|院|所|中心|馆|站|队|委|办|部|会|公司|社)$"
)

# Division names end with one of these; longer suffixes first so 自治州 wins over 州.
_DIVISION_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "街道",
    "地区",
    "林区",
    "特区",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "旗",
    "区",
    "镇",
    "乡",
)
_DIVISION_TOKEN_RE = re.compile(r"(?P<name>[\u4e00-\u9fff]{1,12}?(?:" + "|".join(_DIVISION_SUFFIXES) + r"))")
# Words that end like divisions but are not (城市管理局 must not yield 城市).
_NOT_DIVISIONS = {
    "城市",
    "都市",
    "超市",
    "社区",
    "园区",
    "景区",
    "辖区",
    "片区",
    "城区",
    "新区",
    "开发区",
    "市区",
    "地市",
    "农村",
    "小区",
    "库区",
    "灾区",
    "山区",
    "矿区",
    "街区",
    "商业区",
    "全市",
    "全县",
    "全区",
    "本市",
    "本县",
}
_LEVEL_BY_SUFFIX = (
    (("街道", "镇", "乡"), "township"),
    (("县", "自治县", "旗", "自治旗", "区", "林区", "特区"), "county"),
    (("自治州", "州", "地区", "盟"), "prefecture"),
    (("省", "自治区", "特别行政区"), "province"),
)

_STATISTICS_PERIOD_RE = re.compile(
    r"(?:统计期限|统计起止时间|统计时限|统计时间|统计周期|统计区间|数据统计)[^。]{0,24}?(\d{4})\s*年"
)
_FULL_YEAR_RANGE_RE = re.compile(
    r"(\d{4})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-)\s*\1\s*年\s*12\s*月\s*31\s*日"
)
_TITLE_YEAR_RE = re.compile(r"(\d{4})\s*年")
_TITLE_HAN_YEAR_RE = re.compile(r"([〇零○一二三四五六七八九]{4})\s*年")
_SIGNATURE_LINES = 4


@dataclass
class SiteContext:
    """The division a portal (or a spider) belongs to; used only to resolve what the text names."""

    region: str | None = None
    level: str | None = None
    division_code: str | None = None
    region_path: list[str] = field(default_factory=list)

    @classmethod
    def from_hints(cls, hints: dict) -> SiteContext:
        return cls(
            region=hints.get("site_region"),
            level=hints.get("site_level"),
            division_code=hints.get("site_division_code"),
            region_path=list(hints.get("site_region_path") or []),
        )


def clean_title(raw: str | None) -> str | None:
    """One line, no site suffix (``…年度报告_某县人民政府`` → ``…年度报告``)."""
    if not raw:
        return None
    title = " ".join(raw.split())
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p]
    if len(parts) > 1:
        reports = [p for p in parts if "报告" in p or "年报" in p or "报表" in p]
        title = reports[0] if reports else parts[0]
    if title.lower() in _JUNK_TITLES or len(title) < 4:
        return None
    return title


def choose_title(
    candidates: list[tuple[str, str]], list_title: str | None, lines: list[str]
) -> tuple[str | None, list[str]]:
    """Pick the report's title: page markup first, then the list link, then the body's own heading."""
    cleaned = [t for t in (clean_title(text) for _, text in candidates) if t]
    for title in cleaned:
        if is_annual_report_title(title):
            return title, []
    listed = clean_title(list_title)
    if listed and is_annual_report_title(listed) and "…" not in listed and "..." not in listed:
        return listed, ["title_from_list"]
    for line in lines[:15]:
        title = clean_title(line)
        if title and len(title) <= 80 and is_annual_report_title(title):
            return title, ["title_from_body"]
    if cleaned:
        return cleaned[0], []
    return (listed, ["title_from_list"]) if listed else (None, ["title_missing"])


def issuer_from_title(title: str | None) -> str | None:
    """The organ a title names before its year; a bare place name means its government."""
    if not title:
        return None
    m = _TITLE_ISSUER_RE.match(title.replace(" ", ""))
    if not m:
        return None
    return government_of(m.group("issuer"))


def government_of(name: str) -> str:
    """``玉环市`` → ``玉环市人民政府``; ``某街道`` → ``某街道办事处``; an organ name is kept."""
    if _ORG_SUFFIX_RE.search(name):
        return name
    if name.endswith("街道"):
        return name + "办事处"
    if name.endswith(_DIVISION_SUFFIXES):
        return name + "人民政府"
    return name


def issuer_from_signature(lines: list[str]) -> tuple[str | None, dt.date | None]:
    """The organ and date that sign the report off at its end."""
    tail = [line for line in lines[-_SIGNATURE_LINES:] if len(line) <= 40]
    issuer, date = None, None
    for line in reversed(tail):
        dates = find_dates(line)
        if dates and date is None:
            date = dates[-1][1]
            line = line[: dates[-1][0]].strip()
        if line and issuer is None and _ORG_SUFFIX_RE.search(line) and not re.search(r"[。，,；]", line):
            issuer = line
        if issuer and date:
            break
    return issuer, date


def division_tokens(issuer: str) -> tuple[list[str], str]:
    """Leading division names of an issuer and the rest: 海盐县沈荡镇人民政府 → ([海盐县, 沈荡镇], 人民政府)."""
    tokens = []
    rest = issuer
    while rest:
        m = _DIVISION_TOKEN_RE.match(rest)
        if not m or m.group("name") in _NOT_DIVISIONS or len(m.group("name")) < 2 or "城乡" in m.group("name"):
            break
        name = m.group("name")
        if name.endswith("州") and rest[len(name) : len(name) + 1] in ("市", "县", "区"):
            name = rest[: len(name) + 1]  # 雷州市, 通州区: the 州 is part of the name
        # 人民政府 / 办公室 … are never part of a division name.
        if _ORG_SUFFIX_RE.search(name[:-1]) or "人民" in name:
            break
        tokens.append(name)
        rest = rest[len(name) :]
    return tokens, rest


def _level_of_division(name: str, site: SiteContext) -> str:
    if name == site.region and site.level:
        return site.level
    if name in site.region_path:
        return ("province", "prefecture", "county", "township")[min(site.region_path.index(name), 3)]
    if name.endswith("市"):
        return "unknown"  # a 市 can be prefecture- or county-level; only a gazetteer knows
    # The longest suffix decides: 海东地区 is a 地区, not a 区; 广西壮族自治区 an 自治区.
    endings = [(suffix, level) for suffixes, level in _LEVEL_BY_SUFFIX for suffix in suffixes if name.endswith(suffix)]
    return max(endings, key=lambda ending: len(ending[0]))[1] if endings else "unknown"


@dataclass
class Place:
    region: str | None = None
    level: str = "unknown"
    division_code: str | None = None
    region_path: list[str] | None = None


def resolve_place(issuer: str | None, site: SiteContext) -> Place:
    """Region and level of an issuer, using the portal's own division for codes and paths.

    A code and path are given only when the region is the site's own division (or the
    department of its government); anything else waits for the gazetteer, never a guess.
    """
    if not issuer:
        return Place()
    tokens, rest = division_tokens(issuer)
    is_government = rest in ("", "人民政府", "办事处", "街道办事处", "政府", "行政公署")
    if not tokens:
        # 市教育局 on the city's own portal: an organ of the site's government.
        if site.region and not is_government and issuer.startswith(("市", "县", "区", "旗")):
            return Place(site.region, "department", site.division_code, site.region_path or None)
        return Place()
    region = tokens[-1]
    level = _level_of_division(region, site) if is_government else "department"
    if region == site.region:
        return Place(region, level, site.division_code, site.region_path or None)
    return Place(region, level)


def report_year(text: str, title: str | None, publish_date: dt.date | None) -> tuple[int | None, list[str]]:
    """The reporting year: the 统计期限 sentence, else the title, else the year before publication."""
    head = text[:3000]
    body_year = None
    m = _FULL_YEAR_RANGE_RE.search(head) or _STATISTICS_PERIOD_RE.search(head)
    if m:
        body_year = int(m.group(1))
    title_year = None
    if title:
        t = _TITLE_YEAR_RE.search(title)
        if t:
            title_year = int(t.group(1))
        else:
            h = _TITLE_HAN_YEAR_RE.search(title)
            title_year = han_number(h.group(1)) if h else None
    if body_year and title_year and body_year != title_year:
        return body_year, ["year_title_mismatch"]
    if body_year or title_year:
        return body_year or title_year, []
    if publish_date:
        return publish_date.year - 1, ["year_from_publish_date"]
    return None, ["year_missing"]


def choose_publish_date(
    fields: dict[str, str],
    meta: dict[str, str],
    signature_date: dt.date | None,
    list_date: str | None,
    list_is_page: bool = False,
) -> tuple[dt.date | None, list[str]]:
    """The page's 发布时间/发布日期, else the signature date, else the list's date. For a report
    published only as an attachment, the list entry is its page, so the list's date comes first."""
    for value in (fields.get("publish_date"), meta.get("PubDate"), list_date if list_is_page else None):
        date = parse_date(value)
        if date:
            return date, []
    if signature_date:
        return signature_date, []
    date = parse_date(list_date)
    if date:
        return date, ["publish_date_from_list"]
    return None, ["publish_date_missing"]
