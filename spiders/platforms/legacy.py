"""Small and legacy county CMSs (ASP/ASP.NET ``List.aspx?lmid=``, Jeecms ``.jhtml``, DedeCMS
``/a/…``): no two alike, so nothing is assumed about their URLs. A list page's report links are
those whose text reads as a report title (a year and 报告/年报), or files; its other pages are
the pager's links (下一页, 尾页, page numbers) to the same script or folder."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import scrapy

from spiders.platforms.base import ReportSpider, is_attachment_url

_REPORT_TEXT_RE = re.compile(r"(?:19|20)\d{2}\s*年.{0,40}(?:报告|年报|报表)")
_PAGER_TEXT_RE = re.compile(r"^(?:首页|上一?页|下一?页|尾页|末页|\d{1,3}|\[\d{1,3}\])$")
_DATE_RE = re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}")


class LegacySpider(ReportSpider):
    """``start_urls`` are 年报 lists, or a directory whose links named by ``column_link_text`` lead to them."""

    column_link_text = re.compile(r"^[^\d]{0,12}(?:年报|年度报告)$")

    def parse(self, response):
        here = urlsplit(response.url)
        for link in response.css("a[href]"):
            href = urljoin(response.url, link.attrib["href"])
            text = " ".join("".join(link.css("::text").getall()).split())
            target = urlsplit(href)
            if _REPORT_TEXT_RE.search(text) or (is_attachment_url(href) and text):
                row = link.xpath("ancestor::*[self::tr or self::li][1]")
                date = _DATE_RE.search(" ".join(row.css("::text").getall())) if row else None
                request = self.report_request(href, response.url, text, date.group(0) if date else None)
                if request is not None:
                    yield request
            elif self.column_link_text.search(text) or (
                _PAGER_TEXT_RE.match(text) and target.path == here.path and target.query != here.query
            ):
                yield scrapy.Request(href, callback=self.parse)
