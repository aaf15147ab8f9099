"""The record as a Scrapy item: its fields are the schema's, plus the crawl's scratch fields."""

from __future__ import annotations

import scrapy

from govreports.schema import SCHEMA_FIELDS

# Carried between pipelines, never exported: the fetched page, and the attachments to download
# (FilesPipeline's fields).
SCRATCH_FIELDS = ("page", "file_urls", "files")

ReportItem = type(
    "ReportItem",
    (scrapy.Item,),
    {
        "__doc__": "One report (govreports.schema.Record) on its way through the pipelines.",
        **{name: scrapy.Field() for name in SCHEMA_FIELDS + SCRATCH_FIELDS},
    },
)
