"""博达 VSB / WebBuilder: a column's newest page is ``{col}.htm``; older pages count *down*,
``{col}/{N}.htm`` … ``{col}/1.htm`` (the oldest), so a page's number says nothing about its age
and a new report shifts every page. Details are ``/info/{tree}/{news}.htm`` (lists may link their
JSP twin ``content.jsp?…wbtreeid=&wbnewsid=``, the same page); files come from
``/system/_content/download.jsp``, which wants a Referer (the attachment pipeline sends one)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import scrapy

from govreports.parse.urls import primary_url
from spiders.platforms.base import ReportSpider, is_attachment_url

_DETAIL_RE = re.compile(r"/info/\d+/\d+\.htm$")
_DATE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日")


class VsbSpider(ReportSpider):
    """VSB portals. ``start_urls`` are columns' newest pages (``/zfxxgk/zfxxgknb.htm``); every
    page of a column is reached from the pager's links, which stay inside ``{col}/``."""

    def parse(self, response):
        column = self.column_of(response.url)
        pager = re.compile(re.escape(column) + r"(?:/\d+)?\.htm")  # {col}.htm and {col}/{N}.htm
        for link in response.css("a[href]"):
            href = primary_url(urljoin(response.url, link.attrib["href"]))  # a JSP twin is its /info/ page
            path = urlsplit(href).path
            if _DETAIL_RE.search(path) or is_attachment_url(href):
                title = link.attrib.get("title") or " ".join("".join(link.css("::text").getall()).split())
                date = _DATE_RE.search(" ".join(link.xpath("following-sibling::*[1]//text()").getall()))
                request = self.report_request(href, response.url, title, date.group(0) if date else None)
                if request is not None:
                    yield request
            elif pager.fullmatch(path):
                # The pager: 首页/上页/下页/尾页. Pages seen before are dropped by the dupefilter.
                yield scrapy.Request(href, callback=self.parse)

    @staticmethod
    def column_of(url: str) -> str:
        """``/zfxxgk/zfxxgknb`` for its newest page ``…/zfxxgknb.htm`` and for ``…/zfxxgknb/3.htm``."""
        path = urlsplit(url).path
        numbered = re.fullmatch(r"(.*)/\d+\.htm", path)
        return numbered.group(1) if numbered else path.removesuffix(".htm")
