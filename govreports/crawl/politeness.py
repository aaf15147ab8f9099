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


# robots.txt answered with an error, by "is it a 5xx": stats key, what it means, the rules we read.
_UNUSABLE_ROBOTS = {
    False: ("robots_unavailable", "it sets no rules; crawling within the usual limits", b""),
    True: (
        "robots_unreachable",
        "the site's rules are unknown: nothing there is fetched",
        b"User-agent: *\nDisallow: /\n",
    ),
}


class RobotsCrawlDelayMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.closed_sites: set[str] = set()  # hosts whose robots.txt says Disallow: / (logged once)

    async def _parse_robots(self, response, netloc, request) -> None:
        if response.status >= 400:
            kind, meaning, rules = _UNUSABLE_ROBOTS[response.status >= 500]
            self.crawler.stats.inc_value(f"transport/{kind}")
            logger.warning("%s: robots.txt answered %d, so %s (RFC 9309)", netloc, response.status, meaning)
            response = response.replace(body=rules)
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
