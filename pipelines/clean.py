"""Clean: page HTML (plus what its attachments add) → cleaned document (glosses stripped,
simplified script, no chrome)."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from govreports.report import clean_page
from pipelines.base import ProcessingPipeline


class CleanPipeline(ProcessingPipeline):
    async def process_item(self, item):
        page = item["page"]
        attachments = page.pop("attachment_extracts", [])
        extracts = [extracted for _, extracted in attachments]
        try:
            page["clean"], used = await self.process(
                clean_page, page.pop("html"), item["url"], page.pop("warnings", []), extracts
            )
        except Exception as exc:  # one broken page must not stop the crawl
            self.stats.inc_value("report/clean_error")
            raise DropItem(f"could not clean {item['url']}: {exc!r}", log_level="ERROR") from exc
        if used is not None:
            attachments[used][0]["used_for_text"] = True
        if page["clean"].script == "traditional":
            self.stats.inc_value("clean/traditional_converted")
        return item
