"""拓尔思 TRS-style static publishing: list directories paged as index.html, index_1.html … by
createPageHTML(), detail pages linked as ./YYYYMM/tYYYYMMDD_ID.(s)htm(l). Some provincial templates
(福建's, among others) publish only a column's first page as HTML and have its script fetch the
later ones from the portal's search service (``/ssp/search/api/apiSearch`` or ``…/search``, JSON):
the spider asks that service for them as the script would."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qsl, urljoin, urlsplit

import scrapy

from govreports.parse.urls import primary_url
from spiders.platforms.base import ReportSpider

_DETAIL_RE = re.compile(r"/t\d{8}_\d+\.s?html?$|/[PW]0\d{8,}\.(pdf|docx?|wps)$")  # pages; P0/W0 attachments
_PAGER_RE = re.compile(r"createPageHTML\(([^)]*)\)")
_VAR_RE = r"var\s+{name}\s*=\s*(\d+)"
_SEARCH_API_RE = re.compile(r"""["']([^"'\s]*/ssp/search/api/(?:apiSearch|search)\b[^"'\s]*)["']""")
# ``name: value``, ``name = value`` or ``"name": value`` in the script that builds the request.
_ASSIGNMENT_RE = re.compile(r"""["']?(\w+)["']?\s*[:=]\s*(?:["']([^"']*)["']|(\w+))""")
# What the search service reads to list one column (the rest of a script's names are its own).
SEARCH_FIELDS = frozenset(
    "siteId mainSiteId siteType chnlId chnlIdList channelId channelid columnId apiName sourceType"
    " sortFiled searchFiled isChange fullKey isCollapse type rows datas".split()
)
CHANNEL_FIELDS = ("chnlId", "chnlIdList", "channelId", "channelid", "columnId")
MAX_SEARCH_PAGES = 500  # a column that never ends is a server bug; stop rather than loop


def pager(text: str) -> tuple[int, int, str, str] | None:
    """``(page_count, current, prefix, ext)`` from either createPageHTML signature:
    (pages, current, "index", ext) or Beijing's (records, pages, current, "index", ext)."""
    m = _PAGER_RE.search(text)
    if not m:
        return None
    args = [a.strip().strip("'\"") for a in m.group(1).split(",")]
    if len(args) not in (4, 5):
        return None
    pages, current, prefix, ext = args[-4:]

    def value(arg: str) -> int | None:
        if arg.isdigit():
            return int(arg)
        var = re.search(_VAR_RE.format(name=re.escape(arg)), text)
        return int(var.group(1)) if var else None

    count, now = value(pages), value(current)
    if count is None or now is None:
        return None
    return count, now, prefix, ext


def search_api(page: str, url: str) -> tuple[str, dict[str, str]] | None:
    """``(api_url, form)`` when ``page``'s script fetches the column's later pages from the search
    service: the service's URL and the fields the script sends (literal values, or variables the
    script set before), without the page number. Only a request that names its channel lists a
    column: the site's search box posts to the same service."""
    for found in _SEARCH_API_RE.finditer(page):
        script_start = page.rfind("<script", 0, found.start())
        script_end = page.find("</script>", found.end())
        script = page[max(script_start, 0) : script_end if script_end >= 0 else len(page)]
        values: dict[str, str] = {}
        for name, quoted, bare in _ASSIGNMENT_RE.findall(script):
            if quoted or bare.isdigit():
                values[name] = quoted or bare
            elif bare in values:  # siteId: siteId, after var siteId = "…"
                values[name] = values[bare]
        api_url = urljoin(url, found.group(1))
        form = {name: value for name, value in values.items() if name in SEARCH_FIELDS}
        form.update((k, v) for k, v in parse_qsl(urlsplit(api_url).query) if k != "page")
        if any(form.get(name) for name in CHANNEL_FIELDS):
            return api_url.split("?")[0], form
    return None


def search_results(body: str) -> tuple[list[dict], int | None]:
    """The search service's answer: its entries (url, title, date) and its page count, if it says."""
    try:
        data = json.loads(body)
    except ValueError:
        return [], None
    if not isinstance(data, dict):
        return [], None
    entries = []
    for row in data.get("datas") or []:
        if not isinstance(row, dict):
            continue
        href = row.get("docpuburl") or row.get("url")
        title = row.get("_doctitle") or row.get("doctitle") or row.get("title") or ""
        if href:
            title = " ".join(html.unescape(re.sub(r"<[^>]+>", "", str(title))).split())  # hits come highlighted
            date = row.get("docreltime") or row.get("pubdate")
            entries.append({"href": str(href), "title": title or None, "date": str(date) if date else None})
    page = data.get("page") if isinstance(data.get("page"), dict) else {}
    count = page.get("pagecount") or data.get("pagecount")
    return entries, int(count) if str(count).isdigit() else None


class TrsSpider(ReportSpider):
    """TRS-style static portals.

    ``start_urls`` are list directories (…/zfxxgknb/) or pages linking to them; links matching
    ``list_link_pattern`` are followed as further list directories (per-unit or per-year trees).
    Paging is read from ``createPageHTML`` on a directory's first page: page k is ``index_{k}``;
    without it, from the search service the page's script asks for pages 2, 3, … (POST).
    """

    list_link_pattern: str | None = None

    def parse(self, response):
        follow = re.compile(self.list_link_pattern) if self.list_link_pattern else None
        for link in response.css("a[href]"):  # rows inside HTML comments are not elements: skipped
            href = primary_url(urljoin(response.url, link.attrib["href"]))  # one report, not two
            if _DETAIL_RE.search(href.split("?")[0]):
                title = link.attrib.get("title") or " ".join("".join(link.css("::text").getall()).split())
                date = link.xpath("following-sibling::*[1]/text()").get()
                request = self.report_request(href, response.url, title, date.strip() if date else None)
                if request is not None:
                    yield request
            elif follow and follow.search(href):
                yield scrapy.Request(href, callback=self.parse)
        paging = pager(response.text)
        if paging and paging[1] == 0:  # schedule the other pages once, from the first
            count, _, prefix, ext = paging
            for k in range(1, count):
                yield scrapy.Request(urljoin(response.url, f"{prefix}_{k}.{ext}"), callback=self.parse)
        elif paging is None and (service := search_api(response.text, response.url)):
            yield self.search_request(*service, page=2, list_url=response.url)

    def search_request(self, api_url: str, form: dict[str, str], page: int, list_url: str) -> scrapy.Request:
        return scrapy.FormRequest(
            api_url,
            formdata={**form, "page": str(page)},
            headers={"Referer": list_url, "X-Requested-With": "XMLHttpRequest"},
            callback=self.parse_search,
            cb_kwargs={"api_url": api_url, "form": form, "page": page, "list_url": list_url},
        )

    def parse_search(self, response, api_url: str, form: dict[str, str], page: int, list_url: str):
        entries, count = search_results(response.text)
        for entry in entries:
            href = primary_url(urljoin(list_url, entry["href"]))
            request = self.report_request(href, list_url, entry["title"], entry["date"])
            if request is not None:
                yield request
        if entries and page < min(count or MAX_SEARCH_PAGES, MAX_SEARCH_PAGES):
            yield self.search_request(api_url, form, page + 1, list_url)
