"""Clean: page HTML (plus what its attachments add) → cleaned document (glosses stripped,
simplified script, no chrome)."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from govreports.attachments import merge_into
from govreports.page_document import extract_document
from govreports.report import clean_document
from pipelines.base import CrawlerPipeline


class CleanPipeline(CrawlerPipeline):
    def process_item(self, item):
        page = item["page"]
        try:
            document = extract_document(page.pop("html"), item["url"])
            document.warnings += page.pop("warnings", [])  # from decoding the bytes
            for entry, extracted in page.pop("attachment_extracts", ()):
                if merge_into(document, extracted):
                    entry["used_for_text"] = True
                    document.warnings += extracted.warnings
                    break
            page["clean"] = clean_document(document)
        except Exception as exc:  # one broken page must not stop the crawl
            self.stats.inc_value("report/clean_error")
            raise DropItem(f"could not clean {item['url']}: {exc!r}", log_level="ERROR") from exc
        if page["clean"].script == "traditional":
            self.stats.inc_value("clean/traditional_converted")
        return item
