"""Name what stands between the crawler and a portal, so a blocked site reads as blocked.

Each fault is counted in stats as ``transport/<kind>`` and logged once per host in a plain
sentence; none of them ever becomes a report. Scrapy's own middlewares still do the work
(redirects, cookies, TLS); these only recognise and report. The downloader middleware sits at
650, before RedirectMiddleware (600) in the response chain, so it sees the 3xx answers; the
spider middleware sees what each page's callback made of it.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


def _site(host: str | None) -> str:
    host = (host or "").lower()
    return host[4:] if host.startswith("www.") else host


# A tag, a whole script, style or title element, or a run of text between tags.
_MARKUP_OR_TEXT = re.compile(r"<(script|style|title)\b.*?</\1\s*>|<[^>]*>|([^<]+)", re.I | re.S)
_SCRIPT_TAG = re.compile(r"<script", re.I).search
SHELL_MAX_BYTES = 64 * 1024  # a list shell is a few KB; a real page with its list is larger
SHELL_MAX_TEXT = 200  # visible characters, not counting spaces


def is_script_shell(html: str) -> bool:
    """A page whose content a script builds in the browser: scripts, and almost no text of its own."""
    if len(html) > SHELL_MAX_BYTES:
        return False
    visible = 0
    for match in _MARKUP_OR_TEXT.finditer(html):
        # Stops within the first 200 characters of text: every report page is done here, cheaply
        # (lower-casing a whole page of Chinese to look for "<script" first cost 0.07 ms a page).
        if match.group(2) and (visible := visible + len("".join(match.group(2).split()))) >= SHELL_MAX_TEXT:
            return False
    return _SCRIPT_TAG(html) is not None


class _FaultNotes:
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


class TransportFaultMiddleware(_FaultNotes):
    def process_response(self, request, response):
        host = urlsplit(request.url).hostname or ""
        certificate = getattr(response, "certificate", None)
        if certificate is not None and certificate.original.has_expired():
            expired = certificate.original.get_notAfter().decode("ascii")
            self.note(
                host,
                "tls_expired",
                f"serves an expired TLS certificate (valid until {expired[:4]}-{expired[4:6]}-{expired[6:8]});"
                " its public pages are fetched anyway",
            )
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


class ScriptShellMiddleware(_FaultNotes):
    """Spider middleware: a page that is only a script shell yields no report, and is named.

    A list page built in the browser gives its callback nothing to follow; a report page that is
    a shell would become an empty report, so its item is dropped here."""

    def _shell(self, response) -> bool:
        if not is_script_shell(getattr(response, "text", "")):
            return False
        self.note(
            urlsplit(response.url).hostname or "",
            "js_shell",
            "serves pages whose content a script builds in the browser (a JS-only shell): nothing to read there",
        )
        return True

    def _passes(self, response, output) -> bool:
        # Only the page's own report can be empty for being a shell; an item a list page yields for
        # a report published as a file (its list held in a script island, as Hanweb's) is not.
        if isinstance(output, Request) or output.get("url") != response.url:
            return True
        return not self._shell(response)

    def process_spider_output(self, response, result):
        produced = False
        for output in result:
            if self._passes(response, output):
                produced = True
                yield output
        if not produced:
            self._shell(response)

    async def process_spider_output_async(self, response, result):
        produced = False
        async for output in result:
            if self._passes(response, output):
                produced = True
                yield output
        if not produced:
            self._shell(response)
