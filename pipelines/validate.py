"""Validate: count missing fields, warnings and failed checks as stats; drop pages that are not
annual reports, with the reason."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from govreports.parse.classify import classify_title
from pipelines.base import CrawlerPipeline

COUNTED_FIELDS = ("title", "issuer", "region", "division_code", "level", "year", "publish_date", "format", "statistics")


class ValidatePipeline(CrawlerPipeline):
    def process_item(self, item):
        is_report, reason = classify_title(item.get("title"))
        if not is_report:
            self.stats.inc_value(f"validate/dropped/{reason}")
            raise DropItem(f"not an annual report ({reason}): {item.get('title')!r} {item['url']}", log_level="INFO")
        for name in COUNTED_FIELDS:
            if item.get(name) in (None, "", "unknown"):
                self.stats.inc_value(f"field/{name}/missing")
        for warning in item.get("warnings") or []:
            self.stats.inc_value(f"warning/{warning.split(':')[0]}")  # the flag, not its detail
        for check in item.get("checks") or []:
            if check["ok"] is False:
                self.stats.inc_value(f"checks/{check['rule']}/failed")
        return item
