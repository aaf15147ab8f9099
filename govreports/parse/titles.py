"""A report's own title, from page markup, its heading lines, or the sentence that names it.

Real pages put much around the heading that looks like a title and is not: breadcrumbs (当前位置 …
» 正文), column headings (2021年年报), metadata strips (文号: 关键字: …), cover letters (关于公布…的通知),
host banners. And the title itself may be split over two lines, carry a label (标 题:), a file
extension or a site suffix, or be given only in prose (现公布…报告, 《…》). With nothing that names
the report, there is no title: never the first sentence.
"""

from __future__ import annotations

import re

from govreports.parse.classify import is_annual_report_title
from govreports.places.organs import Organ, parse_organ

_YEAR = r"(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})"
# Sentence words that a heading never holds.
_PROSE_RE = re.compile(r"[。，,；;！!？?]|根据|按照|依据|现将|现公布|特向|予以|如下|编制")
_BREADCRUMB_RE = re.compile(r"当前位置|您的位置|所在位置|现在的位置|您现在|>>|»|›|＞|\s>\s|^首页")
# A cover letter around the report: 某办公室关于公布…的通知, 关于报送…的函.
_COVER_RE = re.compile(r"关于(?:公布|印发|发布|报送|转发|上报|呈报)|(?:的)?(?:通知|函|请示)\s*$")
_LABEL_PREFIX_RE = re.compile(r"^\s*(?:[•·●◆■▪\-–—*|]\s*)*(?:(?:标\s*题|名\s*称|文章标题|题\s*目)\s*[:：]\s*)?")
_LABELLED_RE = re.compile(r"[\u4e00-\u9fff]{2,5}\s*[:：]")
_FILE_SUFFIX_RE = re.compile(r"\.(?:docx?|pdf|wps|xlsx?)$", re.I)
_WHOLE_TEXT_SUFFIX_RE = re.compile(r"\s*(?:/\s*全文|[(（]\s*全文\s*[)）]|全文)$")
# A site or column name after the title: …年度报告-某某县发改局, …年度报告_某县人民政府.
_SITE_SUFFIX_RE = re.compile(r"^(.+?(?:报告|年报))\s*[-_|—–－]+\s*[^报]{2,30}$")
_SPACE_IN_HAN_RE = re.compile(r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff\d])")
_MAX_TITLE = 70
_HEAD_LINES = 30
# The sentence that names the report: 现公布《…》, 特向社会公布…, 现将…予以公开, 编制了《…》,
# 由…编制的…报告, 特编制…; only in the opening, before the first section, so a report the body
# mentions (按时公布2011年…报告) is not taken for this one.
_NAMED = rf"《?(?P<title>(?:[\u4e00-\u9fff（）()·]{{2,40}}?)?{_YEAR}\s*年?度?[^《》。，,；;：:“”\"关]{{0,30}}?(?:报告|年报))》?"
_PROSE_TITLE_RES = (
    re.compile(rf"(?:现|特|兹|予以)(?:向社会)?(?:公布|公开|发布)\s*{_NAMED}(?P<after>.{{0,2}})"),
    re.compile(rf"现将\s*{_NAMED}\s*(?P<after>如下|(?:予以|进行|向社会)?(?:公开|公布|发布))"),
    re.compile(
        rf"(?:编制的|编制了|特编制|编制)\s*(?:我单位|我局|我委|我办|本单位|本机关|本部门)?\s*{_NAMED}(?P<after>.{{0,2}})"
    ),
)
_TITLE_ORGAN_BEFORE_RE = re.compile(rf"^(?:关于)?(?P<organ>[\u4e00-\u9fff（）()·]{{2,40}}?)\s*{_YEAR}\s*年?")
_TITLE_ORGAN_AFTER_RE = re.compile(rf"^{_YEAR}\s*年?度?\s*(?P<organ>[\u4e00-\u9fff（）()·]{{2,40}}?)(?:信息|政务)公开")


def clean_title(raw: str | None) -> str | None:
    """One line with its label, bullets, file extension and site suffix removed, and no spaces
    between Han characters (a heading set with spaces or broken over lines)."""
    if not raw:
        return None
    title = " ".join(raw.replace("|", " ").split())
    title = _LABEL_PREFIX_RE.sub("", title)
    title = _FILE_SUFFIX_RE.sub("", title)
    title = _WHOLE_TEXT_SUFFIX_RE.sub("", title)
    site = _SITE_SUFFIX_RE.match(title)
    if site:
        title = site.group(1)
    title = _SPACE_IN_HAN_RE.sub("", title).strip(" -_|·•")
    return title if 4 <= len(title) <= _MAX_TITLE else None


def is_report_title(text: str | None) -> bool:
    """A report's name: a year, the words of the disclosure report, no sentence around it."""
    if not text or len(text) > _MAX_TITLE or _PROSE_RE.search(text) or _BREADCRUMB_RE.search(text):
        return False
    if _COVER_RE.search(text) or not re.search(_YEAR, text):
        return False
    return is_annual_report_title(text)


def markup_title(candidates: list[tuple[str, str]]) -> str | None:
    """The first report-shaped title the page's markup gives (meta, 标题 field, h1, <title>)."""
    for _, text in candidates:
        title = clean_title(text)
        if is_report_title(title):
            return title
    return None


def heading_title(lines: list[str]) -> tuple[str | None, int | None]:
    """The report's heading among the first lines, and the index of its (last) line.

    A heading split over two lines is joined (organ / year and name). Of several headings, the
    first that names its organ wins (a CMS title line often drops it)."""
    found: list[tuple[str, int]] = []
    head = lines[:_HEAD_LINES]
    for i, line in enumerate(head):
        joined = _joined(line, head[i + 1]) if i + 1 < len(head) else None
        if joined:
            found.append((joined, i + 1))
            continue
        title = _line_title(line)
        if title:
            found.append((title, i))
    for title, index in found:
        if title_organ(title):
            return title, index
    return found[0] if found else (None, None)


_LOOSE_HEADING_RE = re.compile(rf"^.{{0,40}}{_YEAR}\s*年.{{0,40}}(?:年度报告|年报)$")


def heading_line(lines: list[str]) -> int | None:
    """Where a heading stands that is too damaged to be the title (a spam string in place of
    信息公开): what follows it is still the byline and the body."""
    for i, line in enumerate(lines[:_HEAD_LINES]):
        if len(line) <= _MAX_TITLE and _LOOSE_HEADING_RE.match(line) and not _BREADCRUMB_RE.search(line):
            return i
    return None


def _may_name_the_report(text: str) -> bool:
    """What every report title holds (公开 and 报告 or 年报), letter by letter, so spacing cannot
    hide it: a quick no for the many head lines that are not headings."""
    return "报" in text and "公" in text and "开" in text


def _line_title(line: str) -> str | None:
    if not _may_name_the_report(line):
        return None
    candidate = line
    if len(line) > _MAX_TITLE:  # a heading running into the body on one line
        prefix = re.match(r"^(.{4,80}?(?:报告|年报))\s", line)
        if not prefix:
            return None
        candidate = prefix.group(1)
    if _BREADCRUMB_RE.search(candidate) or _is_cover_line(candidate):
        return None
    if _LABELLED_RE.search(candidate) and not re.match(r"^\W*(?:标\s*题|名\s*称|文章标题|题\s*目)\s*[:：]", candidate):
        return None  # a metadata strip (文号: 关键字: …) names fields, not the title
    title = clean_title(candidate)
    return title if is_report_title(title) else None


def _joined(first: str, second: str) -> str | None:
    """A heading broken over two lines: 左贡县人民政府2021年度 / 信息公开年度报告, or an organ line
    over a year line (广元市朝天区西北乡人民政府 / 2015年政府信息公开工作年度报告)."""
    if len(first) > 40 or len(second) > 40 or not _may_name_the_report(first + second):
        return None
    if _BREADCRUMB_RE.search(first) or _LABELLED_RE.search(first):
        return None
    if _is_cover_line(first) or _is_cover_line(second):
        return None
    title = clean_title(first + second)
    if not is_report_title(title):
        return None
    first_alone = clean_title(first)
    if is_report_title(first_alone):
        return None
    if _line_title(second):
        organ = parse_organ(first.strip(" |"))
        return title if organ and not title_organ(second) else None
    return title


def _is_cover_line(line: str) -> bool:
    return bool(re.search(r"关于(?:公布|印发|发布|报送|转发|上报|呈报)", line)) or bool(
        re.search(r"(?:的通知|的函|的请示)\s*$", line)
    )


def prose_title(lines: list[str]) -> str | None:
    """The name the report gives itself in its opening sentences (现公布…报告, 编制了《…》), unless
    报告 is a verb there (现将…工作报告如下)."""
    opening = "".join(lines[:8])
    first_section = re.search(r"(?:^|[。\s])[一二]、", opening)
    opening = opening[: first_section.start() if first_section and first_section.start() > 0 else 1500][:1500]
    for pattern in _PROSE_TITLE_RES:
        for match in pattern.finditer(opening):
            if match.group("after").startswith("如下"):
                continue
            title = clean_title(match.group("title"))
            if title and is_annual_report_title(title) and not _COVER_RE.search(title):
                return title
    return None


def title_organ(title: str | None) -> Organ | None:
    """The organ a title names: before its year (玉环市2020年…, 道县文广新局2013年度…) or right after
    it (2009年上海市长宁区政府信息公开年报, 2019年某县政府办公室信息公开…)."""
    if not title:
        return None
    title = title.replace(" ", "")
    before = _TITLE_ORGAN_BEFORE_RE.match(title)
    if before:
        organ = parse_organ(before.group("organ"))
        if organ:
            return organ
    after = _TITLE_ORGAN_AFTER_RE.match(title)
    if after:
        name = after.group("organ")
        # The 政府 of 政府信息公开 is not the organ's: 上海市长宁区(政府信息公开) but 张义镇人民政府(信息公开).
        if name.endswith("政府") and not name.endswith(("人民政府", "行政公署")):
            name = name[:-2]
        return parse_organ(name)
    return None
