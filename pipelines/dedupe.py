"""Dedupe: a report reached twice in one crawl (two columns, two URL forms) is emitted once."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from pipelines.base import CrawlerPipeline


class DedupePipeline(CrawlerPipeline):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.seen: set[str] = set()

    def process_item(self, item):
        if item["report_id"] in self.seen:
            self.stats.inc_value("dedupe/duplicates")
            raise DropItem(f"duplicate of a report already emitted: {item['url']}", log_level="INFO")
        self.seen.add(item["report_id"])
        return item
