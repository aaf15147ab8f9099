"""安徽-style "public/column" 信息公开 platforms: every organ has a node ``/public/column/{organId}``;
a 年报 list page is a script shell stating ``pageCount:N``, whose rows come as an HTML fragment
from ``/site/label/8888?labelName=publicInfoList&…&pageIndex=N``; details are
``/public/{organId}/{infoId}.html``."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import scrapy

from spiders.platforms.base import ReportSpider

_LABEL_CALL_RE = re.compile(r"['\"]([^'\"]*/site/label/\d+\?[^'\"]*labelName=publicInfoList[^'\"]*)['\"]")
_PAGE_COUNT_RE = re.compile(r"\bpageCount['\"]?\s*[:=]\s*['\"]?(\d+)")
_COLUMN_RE = re.compile(r"/public/column/\d+$")
_DETAIL_RE = re.compile(r"/public/\d+/\d+\.html$")
MAX_PAGES = 500  # a stated page count beyond this is a broken page, not a list


class LabelSpider(ReportSpider):
    """``start_urls`` are the 信息公开 unit directory (or any unit's page): each organ's node is
    followed, and within it the category whose link text matches ``column_link_text`` (at the
    top or nested under 法定主动公开内容)."""

    column_link_text = re.compile(r"年报|年度报告")

    def parse(self, response):
        label = _LABEL_CALL_RE.search(response.text)
        if label:  # a list shell: its rows are in the fragments
            yield from self.fragments(response, label.group(1))
            return
        for link in response.css("a[href]"):
            href = urljoin(response.url, link.attrib["href"])
            parts = urlsplit(href)
            if not _COLUMN_RE.search(parts.path):
                continue
            query = dict(parse_qsl(parts.query))
            text = " ".join("".join(link.css("::text").getall()).split())
            if "catId" not in query or self.column_link_text.search(text):  # an organ's node, or its 年报
                yield scrapy.Request(href, callback=self.parse)

    def fragments(self, response, call: str):
        stated = _PAGE_COUNT_RE.search(response.text)
        pages = min(int(stated.group(1)), MAX_PAGES) if stated else 1
        base = urljoin(response.url, call)
        query = dict(parse_qsl(urlsplit(base).query))
        for index in range(1, pages + 1):
            url = base.split("?", 1)[0] + "?" + urlencode({**query, "pageIndex": index})
            yield scrapy.Request(url, callback=self.parse_fragment, cb_kwargs={"list_url": response.url})

    def parse_fragment(self, response, list_url: str):
        for row in response.css("li"):
            link = row.css("a[href]")
            if not link:
                continue
            href = urljoin(response.url, link[0].attrib["href"])
            if not _DETAIL_RE.search(urlsplit(href).path):
                continue
            title = link[0].attrib.get("title") or " ".join("".join(link[0].css("::text").getall()).split())
            date = row.css(".date::text, span::text").get()
            request = self.report_request(href, list_url, title, date.strip() if date else None)
            if request is not None:
                yield request
