"""Incremental crawls: ask the server whether a stored report changed before downloading it again.

A report fetched less than ``REPORT_RECHECK_DAYS`` ago is not asked for at all: reports are
rarely corrected once published, and a scheduled rerun then costs the server its list pages only.
Older ones are asked conditionally: report requests carry the ETag/Last-Modified the store kept from the last fetch
(``If-None-Match``/``If-Modified-Since``). A 304 marks the report seen and unchanged without
downloading or parsing it. Servers that send no validators get a full download, and the store
compares content hashes instead. ``FULL_REFRESH = True`` (``-s FULL_REFRESH=1``) turns this off.
"""

from __future__ import annotations

import datetime as dt

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from govreports.parse.urls import report_id
from govreports.store.store import ReportStore, now_utc

REPORT_PAGE = "report_page"  # request.meta flag set by ReportSpider.report_request


class ConditionalRequestMiddleware:
    def __init__(self, crawler, path: str) -> None:
        self.stats = crawler.stats
        self.store = ReportStore(path)
        self.started = now_utc()
        recheck = dt.timedelta(days=crawler.settings.getfloat("REPORT_RECHECK_DAYS"))
        self.fresh_since = (dt.datetime.now(dt.UTC) - recheck).isoformat(timespec="seconds")

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("SQLITE_PATH")
        if not path or crawler.settings.getbool("FULL_REFRESH"):
            raise NotConfigured
        middleware = cls(crawler, path)
        crawler.signals.connect(middleware.store.close, signal=signals.spider_closed)
        return middleware

    def process_request(self, request):
        if not request.meta.get(REPORT_PAGE):
            return None
        rid = report_id(request.url)
        known = self.store.validators(rid)
        if known.get("last_seen", "") >= self.started:
            # Stored earlier in this very run under another spelling of its URL (www., https).
            self.stats.inc_value("incremental/seen_this_run")
            raise IgnoreRequest(f"already stored in this run: {request.url}")
        if known and known["fetched"] > self.fresh_since:
            self.store.touch(rid)
            self.stats.inc_value("incremental/fresh")
            raise IgnoreRequest(f"fetched less than REPORT_RECHECK_DAYS ago: {request.url}")
        if "etag" in known:
            request.headers.setdefault("If-None-Match", known["etag"])
        if "last_modified" in known:
            request.headers.setdefault("If-Modified-Since", known["last_modified"])
        if "etag" in known or "last_modified" in known:
            request.meta["conditional"] = True
        return None

    def process_response(self, request, response):
        if response.status != 304 or not request.meta.get("conditional"):
            return response
        rid = report_id(request.url)
        if self.store.validators(rid).get("last_seen", "") >= self.started:
            self.stats.inc_value("incremental/seen_this_run")  # its other spelling answered first
        else:
            self.store.touch(rid)
            self.stats.inc_value("incremental/not_modified")
        raise IgnoreRequest(f"not modified since the last crawl: {request.url}")
