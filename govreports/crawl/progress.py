"""Where a long crawl is: portals finished of total, reports found, requests/s, errors and an ETA.

On a terminal it is a live bar (tqdm) on standard error; otherwise a log line every
``PROGRESS_INTERVAL`` seconds (0: none). A portal is a registry row (the ``site_key`` its
requests carry, before any ``:platform``); a spider of one site is one portal. A portal is
finished when none of its requests is waiting in the scheduler or the downloader (requests
scheduled, less those the duplicate filter dropped and those that came back, a response or an
error, seen here as the last downloader middleware before the download, so a retry or a
redirect is a new request, counted when it is scheduled) and none of its responses is waiting
for or in its callback (Scrapy's scraper slot). A crawl of many hosts moves them all forward
together and finds its work as it goes, so the ETA is that of the work known: the requests
waiting, at the current rate.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections import Counter

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)


class CrawlProgress:
    def __init__(self, crawler, interval: float, live: bool) -> None:
        self.crawler = crawler
        self.interval = interval
        self.live = live
        self.pending: Counter[str] = Counter()
        self.started: set[str] = set()
        self.total = 0
        self.errors = 0
        self.begun = time.monotonic()
        self.bar = None
        self._ticks: list[task.LoopingCall] = []

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("PROGRESS_INTERVAL")
        live = crawler.settings.getbool("PROGRESS_BAR") and sys.stderr.isatty()
        if interval <= 0 and not live:
            raise NotConfigured
        progress = cls(crawler, interval, live)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(progress.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(progress.request_dropped, signal=signals.request_dropped)
        return progress

    # -- counting ---------------------------------------------------------------------------
    @staticmethod
    def portal(request) -> str:
        return (request.meta.get("site_key") or "").split(":", 1)[0]

    def request_scheduled(self, request, spider) -> None:
        portal = self.portal(request)
        self.started.add(portal)
        self.pending[portal] += 1

    def request_dropped(self, request, spider) -> None:
        self.pending[self.portal(request)] -= 1

    def process_response(self, request, response):
        self.pending[self.portal(request)] -= 1
        self.errors += response.status >= 400
        return response

    def process_exception(self, request, exception):
        self.pending[self.portal(request)] -= 1
        self.errors += not isinstance(exception, IgnoreRequest)

    def finished(self) -> int:
        slot = getattr(getattr(self.crawler.engine, "scraper", None), "slot", None)
        scraping = set()
        if slot is not None:
            scraping = {self.portal(request) for request in slot.active}
            scraping.update(self.portal(request) for _, request, _ in slot.queue)
        return sum(1 for portal in self.started if self.pending[portal] <= 0 and portal not in scraping)

    # -- showing ----------------------------------------------------------------------------
    def spider_opened(self, spider) -> None:
        self.total = len(getattr(spider, "rows", ())) or 1
        if self.live:
            from tqdm import tqdm

            # A terminal that tells no size (a bare pseudo-terminal) would get no bar at all.
            sized = min(os.get_terminal_size(sys.stderr.fileno())) > 0
            self.bar = tqdm(
                total=self.total,
                desc=spider.name,
                dynamic_ncols=sized,
                ncols=None if sized else 100,
                nrows=None if sized else 24,
                file=sys.stderr,
                # tqdm's own ETA would extrapolate portals finished, which come all at the end.
                bar_format="{desc}: {n_fmt}/{total_fmt} portals |{bar}| {elapsed}{postfix}",
            )
            self._every(1.0, self.draw)
        if self.interval > 0:
            self._every(self.interval, self.log_line)

    def _every(self, seconds: float, function) -> None:
        tick = task.LoopingCall(function)
        tick.start(seconds, now=False)
        self._ticks.append(tick)

    def numbers(self) -> dict:
        stats = self.crawler.stats
        elapsed = max(time.monotonic() - self.begun, 1e-9)
        requests_per_s = stats.get_value("downloader/request_count", 0) / elapsed
        waiting = sum(max(count, 0) for count in self.pending.values())
        return {
            "finished": min(self.finished(), self.total),
            "reports": stats.get_value("item_scraped_count", 0),
            "requests_per_s": requests_per_s,
            "errors": self.errors,
            "waiting": waiting,
            "eta_s": waiting / requests_per_s if requests_per_s else None,
        }

    def draw(self) -> None:
        numbers = self.numbers()
        self.bar.n = numbers["finished"]
        self.bar.set_postfix(
            reports=numbers["reports"],
            req_s=f"{numbers['requests_per_s']:.0f}",
            errors=numbers["errors"],
            waiting=numbers["waiting"],
            eta=_duration(numbers["eta_s"]),
        )

    def log_line(self) -> None:
        numbers = self.numbers()
        logger.info(
            "progress: %d of %d portals finished, %d reports, %.1f requests/s, %d errors;"
            " %d requests waiting, ETA of the work known %s",
            numbers["finished"],
            self.total,
            numbers["reports"],
            numbers["requests_per_s"],
            numbers["errors"],
            numbers["waiting"],
            _duration(numbers["eta_s"]),
        )

    def spider_closed(self, spider) -> None:
        for tick in self._ticks:
            if tick.running:
                tick.stop()
        if self.bar is not None:
            self.draw()
            self.bar.close()
        if self.interval > 0:
            self.log_line()


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "unknown"
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"
