"""Which CMS platform built a page, from its fingerprints: generator meta, URL shapes, scripts,
stylesheet and module paths, container names. Used to pick a platform's list logic for a portal
nobody has described yet (docs/portals.md lists where each sign comes from).

Each fingerprint is a regex with a weight. A strong one (a generator meta, a platform-only script
call or module path) decides alone: the platform is ``sure``. Weak ones (URL shapes other CMSs
could share) add up; some count again when the page holds several of them, as a list page of the
platform does (ten ``./202101/t20210129_1.html`` links, not one). Two weak signs of one platform
and none of any other make it ``likely``. Anything less, or two platforms tied, is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STRONG, WEAK = 3, 1
LIKELY = 2  # weak signs enough to decide when no other platform shows any
_LIST = 3  # links of a platform's detail shape that make a page one of its lists

# platform → (pattern, weight, how many distinct matches the sign needs)
FINGERPRINTS: dict[str, tuple[tuple[re.Pattern[str], int, int], ...]] = {
    "hanweb": (
        (re.compile(r"<meta[^>]+content=[\"']?大汉版通", re.I), STRONG, 1),
        (re.compile(r"hanweb\.com|Produced By 大汉网络", re.I), STRONG, 1),
        (re.compile(r"/module/web/jpage/dataproxy\.jsp|\.jpage\(\{"), STRONG, 1),
        (re.compile(r"<datastore>"), STRONG, 1),
        # The JCMS modules: 信息公开 catalogue and annual reports, downloads, interaction.
        (re.compile(r"/module/xxgk/\w+\.jsp|/jact/front/\w+\.action"), STRONG, 1),
        (re.compile(r"/col/col\d+/index\.html|/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html"), WEAK, 1),
        (re.compile(r"/module/download/downfile\.jsp"), WEAK, 1),
    ),
    "trs": (
        (re.compile(r"createPageHTML\("), STRONG, 1),
        (re.compile(r"var\s+countPage\s*=\s*\d+"), STRONG, 1),
        (re.compile(r"class=[\"']?(?:TRS_Editor|trs_editor_view|TRS_UEDITOR|TRS_PreAppend)"), STRONG, 1),
        # A list of t-date detail links, relative to the list's folder or whole.
        (re.compile(r"href=[\"'][^\"'\s]*?/\d{6}/t\d{8}_\d+\.s?html?"), WEAK, _LIST),
        (re.compile(r"/ssp/search/api/(?:apiSearch|search)\b"), WEAK, 1),  # TRS's search service
        (re.compile(r"\./\d{6}/t\d{8}_\d+\.s?html?|/t\d{8}_\d+\.s?html?"), WEAK, 1),
        (re.compile(r"/[PW]0\d{8,}\.(?:pdf|docx?)"), WEAK, 1),
        (re.compile(r"href=[\"'][^\"']*index_\d+\.s?html?[\"']"), WEAK, 1),  # static pages 2…n
        (re.compile(r"class=[\"']?Custom_UnionStyle"), WEAK, 1),
    ),
    "gkmlpt": (
        (re.compile(r"/gkmlpt/(?:index|api/|content/|gkml/)"), STRONG, 1),
        (re.compile(r"NFCMS_(?:SITE|POST)_ID"), STRONG, 1),
        (re.compile(r"window\._CONFIG\b"), WEAK, 1),
        (re.compile(r"/content/(?:m?post)_\d+\.html"), WEAK, 1),
    ),
    "vsb": (
        (re.compile(r"<meta[^>]+content=[\"']?Visual SiteBuilder", re.I), STRONG, 1),
        (re.compile(r"id=[\"']?vsb_content|_newscontent_fromname|class=[\"']?v_news_content"), STRONG, 1),
        (re.compile(r"/system/_content/download\.jsp|wbtreeid=|urltype=news\."), STRONG, 1),
        (re.compile(r"pb_sys_common|/info/\d+/\d+\.htm"), WEAK, 1),
        (re.compile(r"href=[\"'][^\"']*/info/\d+/\d+\.htm"), WEAK, _LIST),
    ),
    "xxgk_label": (
        (re.compile(r"/site/label/\d+\?[^\"']*labelName=|/public/column/\d+\?"), STRONG, 1),
        (re.compile(r"class=[\"']?ewb-article-detail"), STRONG, 1),  # Epoint's detail template
        (re.compile(r"/public/\d+/\d+\.html"), WEAK, 1),
    ),
    # Small CMSs: ASP.NET postback forms, Jeecms resources, DedeCMS/EmpireCMS paths.
    "legacy": (
        (re.compile(r"name=[\"']__VIEWSTATE|/r/cms/|/templets/default/|/e/enews/"), STRONG, 1),
        (re.compile(r"\.aspx?\?[^\"'\s]*=|\.jhtml\b"), WEAK, 1),
    ),
}


@dataclass(frozen=True)
class Detection:
    platform: str | None
    confidence: str  # "sure", "likely" or "unknown"
    scores: dict[str, int]


def platform_scores(html: str, url: str = "") -> dict[str, int]:
    """Every platform's fingerprint weight in ``url`` and ``html``."""
    text = url + "\n" + html
    return {
        platform: sum(weight for pattern, weight, times in prints if _holds(pattern, text, times))
        for platform, prints in FINGERPRINTS.items()
    }


def _holds(pattern: re.Pattern[str], text: str, times: int) -> bool:
    if times == 1:
        return pattern.search(text) is not None
    found = set()
    for match in pattern.finditer(text):
        found.add(match.group(0))
        if len(found) >= times:
            return True
    return False


def detection(html: str, url: str = "") -> Detection:
    """The platform that built the page and how sure that is."""
    scores = platform_scores(html, url)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, runner_up) = ranked[0], ranked[1]
    if top >= STRONG and top > runner_up:
        return Detection(best, "sure", scores)
    if top >= LIKELY and runner_up == 0:
        return Detection(best, "likely", scores)
    return Detection(None, "unknown", scores)


def detect_platform(html: str, url: str = "") -> str | None:
    """The platform that built the page, or None when its signs are too few or two are tied."""
    return detection(html, url).platform
