"""SQLite export: upsert each report in its own transaction; one ``crawls`` row per run; the
cross-year checks of every issuer the run added or changed."""

from __future__ import annotations

from collections import Counter

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured

from govreports.shared_crawl import is_shared
from govreports.store import ReportStore


class SqliteExportPipeline:
    def __init__(self, crawler, path: str) -> None:
        self.crawler = crawler
        self.path = path
        self.counts: Counter[str] = Counter()
        self.store: ReportStore | None = None
        self.crawl_id: int | None = None
        self.touched_issuers: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("SQLITE_PATH")
        if not path:
            raise NotConfigured
        pipeline = cls(crawler, path)
        # The finish reason is known only at spider_closed, after pipelines close.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self):
        self.store = ReportStore(self.path)
        self.crawl_id = self.store.start_crawl(self.crawler.spider.name)

    def process_item(self, item):
        record = dict(ItemAdapter(item).items())  # its values are plain data; asdict's deep copy cost ~4 ms
        outcome = self.store.upsert(record)
        self.counts[outcome] += 1
        if outcome != "unchanged":
            self.touched_issuers.add(record.get("issuer"))
        self.crawler.stats.inc_value(f"sqlite/{outcome}")
        return item

    def spider_closed(self, spider, reason):
        if self.store is None:
            return
        self.crawler.stats.set_value("sqlite/cross_checks", self.store.refresh_cross_checks(self.touched_issuers))
        errors = self.crawler.stats.get_value("log_count/ERROR", 0)
        # Reports the server answered 304 for never reach the pipelines; they are unchanged too.
        self.counts["unchanged"] += self.crawler.stats.get_value("incremental/not_modified", 0)
        # A worker of a shared crawl sees only its share, so it cannot tell what is gone.
        whole = not is_shared(self.crawler.settings)
        gone = self.store.finish_crawl(self.crawl_id, self.counts, errors, reason, whole_crawl=whole)
        self.crawler.stats.set_value("sqlite/gone", gone or 0)
        self.store.close()
        self.store = None
