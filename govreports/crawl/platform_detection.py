"""Which CMS platform built a page, from its fingerprints: generator meta, URL shapes, scripts and
container names. Used to pick a platform's list logic for a portal nobody has described yet.

Each fingerprint is a regex with a weight; strong ones (a generator meta, a platform-only script
call) decide alone, weak ones (a URL shape other CMSs could share) only add up.
"""

from __future__ import annotations

import re

STRONG, WEAK = 3, 1

FINGERPRINTS: dict[str, tuple[tuple[re.Pattern[str], int], ...]] = {
    "hanweb": (
        (re.compile(r"<meta[^>]+content=[\"']?大汉版通", re.I), STRONG),
        (re.compile(r"hanweb\.com|Produced By 大汉网络", re.I), STRONG),
        (re.compile(r"/module/web/jpage/dataproxy\.jsp|\.jpage\(\{"), STRONG),
        (re.compile(r"<datastore>"), STRONG),
        (re.compile(r"/col/col\d+/index\.html|/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html"), WEAK),
        (re.compile(r"/module/download/downfile\.jsp"), WEAK),
    ),
    "trs": (
        (re.compile(r"createPageHTML\("), STRONG),
        (re.compile(r"class=[\"']?(?:TRS_Editor|trs_editor_view|TRS_UEDITOR)"), STRONG),
        (re.compile(r"\./\d{6}/t\d{8}_\d+\.s?html?|/t\d{8}_\d+\.s?html?"), WEAK),
        (re.compile(r"/[PW]0\d{8,}\.(?:pdf|docx?)"), WEAK),
    ),
    "gkmlpt": (
        (re.compile(r"/gkmlpt/(?:index|api/|content/|gkml/)"), STRONG),
        (re.compile(r"NFCMS_(?:SITE|POST)_ID"), STRONG),
        (re.compile(r"window\._CONFIG\b"), WEAK),
    ),
    "vsb": (
        (re.compile(r"<meta[^>]+content=[\"']?Visual SiteBuilder", re.I), STRONG),
        (re.compile(r"id=[\"']?vsb_content|_newscontent_fromname|class=[\"']?v_news_content"), STRONG),
        (re.compile(r"/system/_content/download\.jsp|wbtreeid=|urltype=news\."), STRONG),
        (re.compile(r"pb_sys_common|/info/\d+/\d+\.htm"), WEAK),
    ),
    "xxgk_label": (
        (re.compile(r"/site/label/\d+\?[^\"']*labelName=|/public/column/\d+\?"), STRONG),
        (re.compile(r"class=[\"']?ewb-article-detail"), STRONG),  # Epoint's detail template
        (re.compile(r"/public/\d+/\d+\.html"), WEAK),
    ),
    # Small CMSs: ASP.NET postback forms, Jeecms resources, DedeCMS/EmpireCMS paths.
    "legacy": (
        (re.compile(r"name=[\"']__VIEWSTATE|/r/cms/|/templets/default/|/e/enews/"), STRONG),
        (re.compile(r"\.aspx?\?[^\"'\s]*=|\.jhtml\b"), WEAK),
    ),
}


def platform_scores(html: str, url: str = "") -> dict[str, int]:
    """Every platform's fingerprint weight in ``url`` and ``html``."""
    text = url + "\n" + html
    return {
        platform: sum(weight for pattern, weight in prints if pattern.search(text))
        for platform, prints in FINGERPRINTS.items()
    }


def detect_platform(html: str, url: str = "") -> str | None:
    """The platform that built the page, or None when no platform has a strong sign or two are tied."""
    scores = platform_scores(html, url)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, runner_up) = ranked[0], ranked[1]
    return best if top >= STRONG and top > runner_up else None
