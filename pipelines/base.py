"""What pipelines share: the crawler (for stats and the spider), and the processing pool."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from govreports.crawl.workers import processing_pool


class CrawlerPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)


class ProcessingPipeline(CrawlerPipeline):
    """A pipeline whose work is a pure function: run in the crawl's worker processes when
    ``PROCESSING_WORKERS`` is set, else here."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.pool = processing_pool(crawler)

    async def process(self, function: Callable, *args: Any) -> Any:
        return function(*args) if self.pool is None else await self.pool.call(function, *args)
