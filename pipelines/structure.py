"""Structure: cleaned document → SCHEMA fields (title, issuer, region, level, year, dates, sections)."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from govreports.report import structure_document
from govreports.urls import report_id
from govreports.workers import offload, processing_pool
from pipelines.base import CrawlerPipeline


class StructurePipeline(CrawlerPipeline):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.pool = processing_pool(crawler)

    async def process_item(self, item):
        page = item.pop("page")
        try:
            fields = await offload(self.pool, structure_document, page["clean"], page["hints"])
        except Exception as exc:  # one broken page must not stop the crawl
            self.stats.inc_value("report/structure_error")
            raise DropItem(f"could not structure {item['url']}: {exc!r}", log_level="ERROR") from exc
        item.update(fields)
        item["report_id"] = report_id(item["url"])
        item["attachments"] = page.get("attachments", [])
        return item
