"""广东 gkmlpt catalogue: /gkmlpt/index carries window._CONFIG{SID, TREE}; a category's posts come
from /gkmlpt/api/all/{cat}?page={n}&sid={SID}, 100 a page, where pages 0 and 1 are the same.
Township sub-sites on the same NFCMS portal keep their reports in their own columns instead:
``/{town}/zwgk/xxgknb/`` lists them in ``.news_list``, paged ``index_N.html``."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urljoin

import scrapy

from spiders.platforms.base import ReportSpider

_SID_RE = re.compile(r"\bSID['\"]?\s*:\s*['\"]?(\w+)")
_TREE_RE = re.compile(r"\bTREE['\"]?\s*:\s*(?=\[)")  # JS (TREE:) or JSON ("TREE":) keys
_NEWS_PAGE_RE = re.compile(r"/index(?:_\d+)?\.html$")
PAGE_SIZE = 100
MAX_JSON_BYTES = 5_000_000  # a page of 100 articles is ~100 KB; more is not a list page


def api_payload(body: bytes) -> dict | None:
    """The API's JSON object, or None when it is too big, malformed, too deeply nested or not an object."""
    if len(body) > MAX_JSON_BYTES:
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


_CHINA = dt.timezone(dt.timedelta(hours=8))


def config(text: str) -> tuple[str | None, list]:
    """SID and TREE from the index shell's ``window._CONFIG``."""
    sid = _SID_RE.search(text)
    tree_at = _TREE_RE.search(text)
    tree = []
    if tree_at:
        try:
            tree, _ = json.JSONDecoder().raw_decode(text, tree_at.end())
        except (ValueError, RecursionError):
            tree = []
    return (sid.group(1) if sid else None), tree if isinstance(tree, list) else []


def matching_categories(tree: list, pattern: re.Pattern[str]) -> list[int]:
    """Ids of the nodes whose name matches, with all their descendants."""
    found, stack = [], [(node, False) for node in tree]
    while stack:
        node, inherited = stack.pop()
        if not isinstance(node, dict):
            continue
        hit = inherited or bool(pattern.search(str(node.get("name", ""))))
        if hit:
            found.append(node["id"])
        stack.extend((child, hit) for child in node.get("children") or [])
    return found


class GkmlptSpider(ReportSpider):
    """Guangdong gkmlpt portals.

    ``start_urls`` are ``/gkmlpt/index`` shells, whose categories named by ``category_name`` are
    listed through the JSON API, and NFCMS 年报 columns of township sub-sites.
    """

    category_name = re.compile(r"年报|年度报告")

    def parse(self, response):
        if response.css(".news_list"):
            yield from self.parse_news_list(response)
            return
        sid, tree = config(response.text)
        if not sid or not tree:
            # Expected of a start URL; a portal's home page, reached by discovery, has none.
            log = self.logger.warning if "/gkmlpt/" in response.url else self.logger.debug
            log("No _CONFIG SID/TREE on %s", response.url)
            self.crawler.stats.inc_value("list/gkmlpt_config_missing")
            return
        for category in matching_categories(tree, self.category_name):
            yield self.api_request(response.url, category, sid, 1)

    def parse_news_list(self, response):
        folder = response.url.rsplit("/", 1)[0] + "/"
        for row in response.css(".news_list li"):
            link = row.css("a[href]")
            if not link:
                continue
            title = link[0].attrib.get("title") or " ".join("".join(link[0].css("::text").getall()).split())
            date = row.css("span::text").get()
            request = self.report_request(
                urljoin(response.url, link[0].attrib["href"]), response.url, title, date.strip() if date else None
            )
            if request is not None:
                yield request
        for href in response.css(".news_list a::attr(href)").getall():
            page = urljoin(response.url, href)
            if page.startswith(folder) and _NEWS_PAGE_RE.search(page):
                yield scrapy.Request(page, callback=self.parse)

    def api_request(self, base: str, category: int, sid: str, page: int) -> scrapy.Request:
        url = urljoin(base, f"/gkmlpt/api/all/{category}?page={page}&sid={sid}")
        return scrapy.Request(url, callback=self.parse_api, cb_kwargs={"category": category, "sid": sid, "page": page})

    def parse_api(self, response, category, sid, page):
        data = api_payload(response.body)
        if data is None:
            self.logger.warning("Unusable gkmlpt API answer (%d bytes) at %s", len(response.body), response.url)
            self.crawler.stats.inc_value("list/gkmlpt_bad_json")
            return
        articles = [a for a in data.get("articles") or [] if isinstance(a, dict)]
        for article in articles:
            stamp = article.get("display_publish_time") or article.get("date")
            date = dt.datetime.fromtimestamp(stamp, _CHINA).date().isoformat() if isinstance(stamp, int) else None
            request = self.report_request(
                urljoin(response.url, article.get("url") or article.get("post_url")),
                response.url,
                article.get("title"),
                date,
                issuer=article.get("publisher"),
            )
            if request is not None:
                yield request
        classify = data.get("classify")
        post_count = classify.get("post_count") if isinstance(classify, dict) else None
        post_count = post_count if isinstance(post_count, int) else 0
        if articles and page * PAGE_SIZE < post_count:
            yield self.api_request(response.url, category, sid, page + 1)
