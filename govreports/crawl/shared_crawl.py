"""Several crawler processes sharing one crawl through Redis (scrapy-redis), switched on by ``REDIS_URL``.

With ``-s REDIS_URL=redis://host:6379/0`` every worker running the same spider takes its requests
from one Redis queue and shares one duplicate filter, so each report page is fetched by exactly one
worker. Each worker writes to its own ``SQLITE_PATH`` (``govreports merge`` joins them) or all to one.

Of scrapy-redis we use the queue and the duplicate filter as they are, and its scheduler through a
subclass that drops the calls Scrapy 2.19 deprecates. Its spiders are not used: our spiders start
with ``async def start()`` as usual, and the duplicate filter makes a second worker's start pages
harmless. The keys are scoped by ``CRAWL_RUN`` (default: today's UTC date) and kept after a worker
closes, since another may still be working; they expire after ``REDIS_KEY_TTL`` seconds.
"""

from __future__ import annotations

import datetime as dt

from scrapy.settings import BaseSettings

SCHEDULER = "govreports.crawl.shared_scheduler.SharedScheduler"


class SharedCrawlAddon:
    """Switches the scheduler and duplicate filter to Redis when ``REDIS_URL`` is set."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("REDIS_URL"):
            return
        try:
            import scrapy_redis  # noqa: F401
        except ImportError:
            # Fail rather than crawl unshared: each worker would fetch everything.
            raise ImportError(
                "REDIS_URL is set but scrapy-redis is not installed: pip install 'govreports[redis]'"
            ) from None
        run = settings.get("CRAWL_RUN") or dt.datetime.now(dt.UTC).date().isoformat()
        for name, value in {
            "SCHEDULER": SCHEDULER,
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_PERSIST": True,  # another worker may still need the queue and the seen set
            "SCHEDULER_QUEUE_KEY": f"govreports:{run}:%(spider)s:requests",
            "SCHEDULER_DUPEFILTER_KEY": f"govreports:{run}:%(spider)s:dupefilter",
        }.items():
            settings.set(name, value, priority="addon")


def is_shared(settings: BaseSettings) -> bool:
    """Whether this process sees only its share of the crawl (so it cannot tell what is gone)."""
    return settings.get("SCHEDULER") == SCHEDULER
