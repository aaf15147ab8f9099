"""大汉 Hanweb JCMS: columns /col/col{N}/index.html whose first records sit in a <datastore> XML island,
later records from /module/web/jpage/dataproxy.jsp (POST startrecord/endrecord/perpage)."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import scrapy
from parsel import Selector

from spiders.platforms.base import ReportSpider

_DATASTORE_RE = re.compile(r"<datastore>.*?</datastore>", re.S)
_RECORD_RE = re.compile(r"<record>(.*?)</record>", re.S)
_NEXTGROUP_RE = re.compile(r"<nextgroup>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</nextgroup>", re.S)
_JPAGE_NUMBER_RE = {key: re.compile(rf"{key}\s*:\s*'?(\d+)") for key in ("totalRecord", "perPage", "groupSize")}
_PROXY_URL_RE = re.compile(r"proxyUrl\s*:\s*'([^']+)'")
_AJAX_PARAM_RE = re.compile(r"ajaxParam\s*:\s*\{(.*?)\}", re.S)
_PARAM_PAIR_RE = re.compile(r"(\w+)\s*:\s*'?([^,'}]*)'?")
_TOTAL_RECORD_RE = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
_COLUMN_URL_RE = re.compile(r"/col/col\d+/index\.html")

DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
MAX_PROXY_CALLS = 500  # a column that never ends is a server bug; stop rather than loop


def records(markup: str) -> list[dict]:
    """List entries of a datastore/dataproxy XML: CDATA records or HTML-escaped ones."""
    entries = []
    for raw in _RECORD_RE.findall(markup):
        raw = raw.strip()
        inner = raw[9:-3] if raw.startswith("<![CDATA[") else html.unescape(raw)
        link = Selector(text=inner).css("a[href]")
        if not link:
            continue
        date = "".join("".join(link[0].xpath("./following::*[1]//text()").getall()).split())
        entries.append(
            {
                "href": link[0].attrib["href"],
                "title": link[0].attrib.get("title") or " ".join("".join(link[0].css("::text").getall()).split()),
                "date": date or None,
            }
        )
    return entries


class HanwebSpider(ReportSpider):
    """Hanweb JCMS portals.

    ``start_urls`` are 年报 columns (``/col/col{N}/index.html``) or pages that link to them
    (a 政府信息公开 directory); from the latter, links to columns whose text matches
    ``column_link_text`` are followed.
    """

    column_link_text = re.compile(r"年报|年度报告")

    def parse(self, response):
        island = _DATASTORE_RE.search(response.text)
        if island is None:
            yield from self.follow_columns(response)
            return
        entries = records(island.group(0))
        for entry in entries:
            yield from self.report_from(entry, response.url)
        yield from self.next_group(response, len(entries))

    def follow_columns(self, response):
        for link in response.css("a[href]"):
            href = urljoin(response.url, link.attrib["href"])
            text = " ".join("".join(link.css("::text").getall()).split())
            if _COLUMN_URL_RE.search(href) and self.column_link_text.search(text):
                yield scrapy.Request(href, callback=self.parse)

    def report_from(self, entry: dict, list_url: str):
        request = self.report_request(urljoin(list_url, entry["href"]), list_url, entry["title"], entry["date"])
        if request is not None:
            yield request

    def next_group(self, response, fetched: int):
        text = response.text
        numbers = {key: int(m.group(1)) for key, rx in _JPAGE_NUMBER_RE.items() if (m := rx.search(text))}
        total = numbers.get("totalRecord", 0)
        if fetched >= total:
            return
        form = {}
        nextgroup = _NEXTGROUP_RE.search(text)
        if nextgroup:
            href = Selector(text=nextgroup.group(1)).css("a::attr(href)").get() or ""
            form.update(parse_qsl(urlsplit(href).query))
        ajax = _AJAX_PARAM_RE.search(text)
        if ajax:
            form.update((k, v.strip()) for k, v in _PARAM_PAIR_RE.findall(ajax.group(1)))
        form.pop("page", None)
        per_page = numbers.get("perPage") or max(fetched, 1)
        proxy = _PROXY_URL_RE.search(text)
        proxy_url = urljoin(response.url, proxy.group(1) if proxy else DEFAULT_PROXY)
        batch = per_page * numbers.get("groupSize", 1)
        yield self.proxy_request(proxy_url, form, fetched + 1, batch, per_page, response.url, 1)

    def proxy_request(
        self, proxy_url: str, form: dict, start: int, batch: int, per_page: int, column_url: str, calls: int
    ) -> scrapy.Request:
        query = urlencode({"startrecord": start, "endrecord": start + batch - 1, "perpage": per_page})
        return scrapy.Request(
            f"{proxy_url}?{query}",
            method="POST",
            body=urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "Referer": column_url},
            callback=self.parse_proxy,
            cb_kwargs={
                "form": form,
                "start": start,
                "batch": batch,
                "per_page": per_page,
                "column_url": column_url,
                "calls": calls,
            },
        )

    def parse_proxy(self, response, form, start, batch, per_page, column_url, calls):
        entries = records(response.text)
        for entry in entries:
            yield from self.report_from(entry, column_url)
        total = _TOTAL_RECORD_RE.search(response.text)
        following = start + len(entries)
        if entries and total and following <= int(total.group(1)) and calls < MAX_PROXY_CALLS:
            yield self.proxy_request(
                response.url.split("?")[0], form, following, batch, per_page, column_url, calls + 1
            )
