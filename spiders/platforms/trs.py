"""拓尔思 TRS-style static publishing: list directories paged as index.html, index_1.html … by
createPageHTML(), detail pages linked relatively as ./YYYYMM/tYYYYMMDD_ID.(s)htm(l)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import scrapy

from govreports.parse.urls import primary_url
from spiders.platforms.base import ReportSpider

_DETAIL_RE = re.compile(r"/t\d{8}_\d+\.s?html?$|/[PW]0\d{8,}\.(pdf|docx?|wps)$")  # pages; P0/W0 attachments
_PAGER_RE = re.compile(r"createPageHTML\(([^)]*)\)")
_VAR_RE = r"var\s+{name}\s*=\s*(\d+)"


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


class TrsSpider(ReportSpider):
    """TRS-style static portals.

    ``start_urls`` are list directories (…/zfxxgknb/) or pages linking to them; links matching
    ``list_link_pattern`` are followed as further list directories (per-unit or per-year trees).
    Paging is read from ``createPageHTML`` on a directory's first page: page k is ``index_{k}``.
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
