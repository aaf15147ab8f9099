"""scrapy-redis's scheduler without the calls Scrapy 2.19 deprecates, with keys that outlive the
worker, and a worker that stays open while others may still add work (see shared_crawl.py).

A plain Scrapy spider closes as soon as its own queue runs dry. Sharing a queue, a worker would
then quit the moment another took the last list page, before that page's reports were queued.
So each worker marks itself busy (a member of a sorted set, scored with an expiry) whenever it
takes a request, and an idle worker waits while the queue has requests or another is busy. An
expired mark (a killed worker) stops counting after ``BUSY_SECONDS``.

A waiting worker looks at the queue again every ``IDLE_POLL_SECONDS``. Scrapy itself would look only
on its 5-second heartbeat, and a fast peer could drain the queue between two looks (it did, on a
loaded CI machine: one worker took all 216 requests, the other none).
"""

from __future__ import annotations

import logging
import os
import socket
import time

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler

logger = logging.getLogger(__name__)
BUSY_SECONDS = 60
IDLE_POLL_SECONDS = 0.25


class SharedScheduler(Scheduler):
    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider):
        # The parent's open() reports through the deprecated Spider.log(); the rest is the same.
        self.spider = spider
        self.ttl = spider.settings.getint("REDIS_KEY_TTL", 7 * 24 * 3600)
        self.queue = load_object(self.queue_cls)(
            server=self.server, spider=spider, key=self.queue_key % {"spider": spider.name}, serializer=self.serializer
        )
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        if self.flush_on_start:
            self.flush()
        self.busy_key = f"{self.queue.key}:busy"
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        logger.info("Shared crawl through Redis: queue %s, %d requests waiting", self.queue.key, len(self.queue))

    def close(self, reason):
        # Not flushed: another worker may still be taking from the queue.
        self.server.zrem(self.busy_key, self.worker)
        for key in (self.queue.key, self.df.key, self.busy_key):
            self.server.expire(key, self.ttl)

    def enqueue_request(self, request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            self.stats.inc_value("dupefilter/filtered")
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        request = self.queue.pop(self.idle_before_close)
        if request is not None:
            self.server.zadd(self.busy_key, {self.worker: time.time() + BUSY_SECONDS})
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def spider_idle(self) -> None:
        """Called when this worker has nothing in hand: close only when the whole crawl is done."""
        self.server.zrem(self.busy_key, self.worker)
        self.server.zremrangebyscore(self.busy_key, "-inf", time.time())
        if len(self.queue) or self.server.zcard(self.busy_key):
            # The engine's private slot is the only way to ask for an earlier look than its heartbeat.
            slot = getattr(self.crawler.engine, "_slot", None)
            if slot is not None:
                slot.nextcall.schedule(IDLE_POLL_SECONDS)
            raise DontCloseSpider
