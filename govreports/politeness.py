"""robots.txt ``Crawl-delay``, honoured per host; robots.txt that closes the site or cannot be read, named.

Scrapy's RobotsTxtMiddleware obeys Allow/Disallow but leaves ``Crawl-delay`` unused. This
subclass also sets the host's download-slot delay to it: no random jitter, and AutoThrottle is
told not to lower it. The robots.txt request itself creates the slot, so every later request
to the host waits.

Scrapy parses whatever body the robots.txt request returned, whatever its status. We follow
RFC 9309 §2.3.1 instead: a 4xx answer (403 from a WAF, 404) means there are no rules, so its
body (often an HTML error page) is not read as rules; a 5xx answer means the site could not say
what it allows, so nothing there is fetched this run. Both are counted and named once per host.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)


class RobotsCrawlDelayMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.closed_sites: set[str] = set()  # hosts whose robots.txt says Disallow: / (logged once)

    async def _parse_robots(self, response, netloc, request) -> None:
        if 400 <= response.status < 500:
            self.crawler.stats.inc_value("transport/robots_unavailable")
            logger.warning(
                "%s: robots.txt answered %d, so it sets no rules (RFC 9309); crawling within the usual limits",
                netloc,
                response.status,
            )
            response = response.replace(body=b"")
        elif response.status >= 500:
            self.crawler.stats.inc_value("transport/robots_unreachable")
            logger.warning(
                "%s: robots.txt answered %d, so the site's rules are unknown (RFC 9309): nothing there is fetched",
                netloc,
                response.status,
            )
            response = response.replace(body=b"User-agent: *\nDisallow: /\n")
        await super()._parse_robots(response, netloc, request)

    def process_request_2(self, rp, request) -> None:
        if rp is None:
            return
        agent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        parts = urlparse_cached(request)
        if not rp.allowed(f"{parts.scheme}://{parts.netloc}/", agent) and parts.netloc not in self.closed_sites:
            self.closed_sites.add(parts.netloc)
            self.crawler.stats.inc_value("transport/robots_disallow_all")
            logger.warning("%s: robots.txt disallows the whole site to us; nothing there will be fetched", parts.netloc)
        super().process_request_2(rp, request)  # Disallow first: a forbidden URL needs no delay
        delay = rp.crawl_delay(agent)
        if not delay:
            return
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None:
            return
        request.meta["autothrottle_dont_adjust_delay"] = True
        if slot.delay < delay or slot.jitter:
            slot.delay, slot.jitter = max(slot.delay, delay), 0
            self.crawler.stats.set_value(f"robotstxt/crawl_delay/{key}", delay)
            logger.info("Honouring robots.txt Crawl-delay of %g s for %s", delay, key)
