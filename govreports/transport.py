"""Name what stands between the crawler and a portal, so a blocked site reads as blocked.

Each fault is counted in stats as ``transport/<kind>`` and logged once per host in a plain
sentence; none of them ever becomes a report. Scrapy's own middlewares still do the work
(redirects, cookies); this one only recognises and reports. It sits at 650, before
RedirectMiddleware (600) in the response chain, so it sees the 3xx answers.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


def _site(host: str | None) -> str:
    host = (host or "").lower()
    return host[4:] if host.startswith("www.") else host


class TransportFaultMiddleware:
    def __init__(self, crawler) -> None:
        self.stats = crawler.stats
        self.logged: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def note(self, host: str, kind: str, sentence: str) -> None:
        self.stats.inc_value(f"transport/{kind}")
        if (host, kind) not in self.logged:
            self.logged.add((host, kind))
            logger.warning("%s %s", host, sentence)

    def process_response(self, request, response):
        host = urlsplit(request.url).hostname or ""
        if response.status == 412 and b"<script" in response.body[:8192].lower():
            self.note(
                host, "js_challenge", "answers with a JavaScript challenge (412, 瑞数-style): its pages need a browser"
            )
            raise IgnoreRequest(f"JavaScript challenge at {request.url}")
        location = response.headers.get("Location")
        if location and 300 <= response.status < 400:
            target = urljoin(request.url, location.decode("latin-1"))
            if response.status in (301, 308) and _site(urlsplit(target).hostname) != _site(host):
                self.note(host, "moved_host", f"has moved to {urlsplit(target).hostname} (301)")
            elif target == request.url and response.headers.get("Set-Cookie"):
                self.note(host, "cookie_redirect", "sets a cookie and redirects to the same page (a WAF check)")
        return response
