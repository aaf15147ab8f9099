"""The report record of SCHEMA.md §1, as one Scrapy item class."""

from __future__ import annotations

import scrapy

# Field order is the order of SCHEMA.md §1 (plus ``deadline`` and ``days_late``, see
# govreports/timeliness.py); feed exports write them in this order.
SCHEMA_FIELDS = (
    "report_id",
    "url",
    "spider",
    "site",
    "list_url",
    "fetched_at",
    "http",
    "title",
    "issuer",
    "region",
    "division_code",
    "region_path",
    "level",
    "year",
    "publish_date",
    "deadline",
    "days_late",
    "format",
    "script",
    "text",
    "sections",
    "statistics",
    "summary",
    "checks",
    "attachments",
    "warnings",
)


class ReportItem(scrapy.Item):
    """One report. ``page`` carries the fetched page between pipelines and is never exported."""

    report_id = scrapy.Field()
    url = scrapy.Field()
    spider = scrapy.Field()
    site = scrapy.Field()
    list_url = scrapy.Field()
    fetched_at = scrapy.Field()
    http = scrapy.Field()
    title = scrapy.Field()
    issuer = scrapy.Field()
    region = scrapy.Field()
    division_code = scrapy.Field()
    region_path = scrapy.Field()
    level = scrapy.Field()
    year = scrapy.Field()
    publish_date = scrapy.Field()
    deadline = scrapy.Field()
    days_late = scrapy.Field()
    format = scrapy.Field()
    script = scrapy.Field()
    text = scrapy.Field()
    sections = scrapy.Field()
    statistics = scrapy.Field()
    summary = scrapy.Field()
    checks = scrapy.Field()
    attachments = scrapy.Field()
    warnings = scrapy.Field()
    page = scrapy.Field()
    file_urls = scrapy.Field()  # attachments to download (FilesPipeline), never exported
    files = scrapy.Field()
