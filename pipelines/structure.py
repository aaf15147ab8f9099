"""Structure: cleaned document → SCHEMA fields (title, issuer, region, level, year, dates, sections)."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from govreports.parse.urls import report_id
from govreports.report import structure_document
from pipelines.base import ProcessingPipeline


class StructurePipeline(ProcessingPipeline):
    async def process_item(self, item):
        page = item.pop("page")
        try:
            fields = await self.process(structure_document, page["clean"], page["hints"])
        except Exception as exc:  # one broken page must not stop the crawl
            self.stats.inc_value("report/structure_error")
            raise DropItem(f"could not structure {item['url']}: {exc!r}", log_level="ERROR") from exc
        item.update(fields)
        item["report_id"] = report_id(item["url"])
        item["attachments"] = page.get("attachments", [])
        return item
