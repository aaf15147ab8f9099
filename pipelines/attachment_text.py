"""Attachment text into the report: an attachment-only report becomes its document; for an HTML
page, what its attachments hold is handed to the cleaning stage, which adds what the page lacks.
Runs before cleaning, so everything after reads one page as usual."""

from __future__ import annotations

import hashlib
from pathlib import Path

from scrapy.exceptions import DropItem

from govreports.parse.sandbox import extract_contained_async
from govreports.parse.text_cleaning import without_controls
from pipelines.base import CrawlerPipeline

STOP_FLAGS = ("needs_ocr", "needs_conversion")  # a report we have but cannot read yet


class AttachmentTextPipeline(CrawlerPipeline):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.store = Path(crawler.settings.get("FILES_STORE") or ".")

    async def process_item(self, item):
        # FilesPipeline's scratch fields: not part of the report (their status differs per run).
        urls = item.pop("file_urls", None) or []
        stored = {entry["url"]: entry for entry in item.pop("files", None) or []}
        if not urls:
            return item
        page = item["page"]
        names = page.get("attachment_names", {})
        failures = page.get("attachment_failures", {})
        attachments, readable = [], []
        for url in urls:
            name = without_controls(names.get(url))  # a link's text, from the server
            entry = {"url": url, "name": name, "media_type": None, "sha1": None, "bytes": None}
            entry["used_for_text"] = False
            if url not in stored:
                entry["status"] = f"failed: {failures.get(url, 'not downloaded')}"
                self.stats.inc_value("attachment/failed")
                attachments.append(entry)
                continue
            body = (self.store / stored[url]["path"]).read_bytes()
            extracted = await extract_contained_async(body)  # a child held to the limits, awaited
            # Our own SHA-1 (SCHEMA): FilesPipeline's checksum is MD5, and for a file kept from an
            # earlier run it reports the stored file's.
            entry.update(media_type=extracted.media_type, sha1=hashlib.sha1(body).hexdigest(), bytes=len(body))
            entry["status"] = ",".join(extracted.warnings) or "extracted"
            for flag in extracted.warnings:
                self.stats.inc_value(f"attachment/{flag.split(':')[0]}")
            attachments.append(entry)
            readable.append((entry, extracted))
        title = page["hints"].get("list_title")
        if page.get("html") is None:  # attachment-only
            with_text = [(entry, ex) for entry, ex in readable if ex.has_text]
            if with_text:
                entry, extracted = with_text[0]
                entry["used_for_text"] = True
                page["html"] = extracted.html(title)
                page.setdefault("warnings", []).extend(extracted.warnings)
            elif any(flag in ex.warnings for _, ex in readable for flag in STOP_FLAGS):
                flags = sorted({flag for _, ex in readable for flag in ex.warnings if flag in STOP_FLAGS})
                page["html"] = f"<html><head><title>{title or ''}</title></head><body></body></html>"
                page.setdefault("warnings", []).extend(flags)
            else:
                self.stats.inc_value("attachment/report_unreadable")
                raise DropItem(f"attachment-only report with nothing readable: {item['url']} {attachments}")
        else:  # the cleaning stage decides what the page lacks (merge_into)
            page["attachment_extracts"] = [(entry, ex) for entry, ex in readable if ex.has_text]
        page["attachments"] = attachments  # the structure stage moves them into the record
        return item
