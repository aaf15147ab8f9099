"""Attachments downloaded by Scrapy's FilesPipeline, with our rules on top: a size cap per file
(Scrapy stops reading past it), the type decided by the first bytes, and store paths derived from
the URL alone, so no name a server sends can place a file anywhere."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from scrapy import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.pipelines.files import FilesPipeline, FSFilesStore
from scrapy.pipelines.media import FileException

from govreports.parse.attachments import EXTRACTABLE, sniff


def store_path(url: str) -> str:
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()
    return f"full/{digest[:2]}/{digest}"


class SafeFSFilesStore(FSFilesStore):
    """Scrapy's file store, made safe for several workers sharing one directory and for kills:
    creating a directory another process just made is fine, and a file appears whole or not at all
    (a half-written file would otherwise count as already downloaded on the next run)."""

    def _mkdir(self, dirname: Path, domain=None) -> None:
        dirname.mkdir(parents=True, exist_ok=True)

    def persist_file(self, path, buf, info, meta=None, headers=None) -> None:
        target = self._get_filesystem_path(path)
        self._mkdir(target.parent)
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".partial-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(buf.getvalue())
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise


class AttachmentFilesPipeline(FilesPipeline):
    STORE_SCHEMES = FilesPipeline.STORE_SCHEMES | {"": SafeFSFilesStore, "file": SafeFSFilesStore}

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = super().from_crawler(crawler)
        if crawler.settings.getbool("FULL_REFRESH"):
            pipeline.expires = -1  # every stored file counts as expired: fetched again, like pages
        return pipeline

    def get_media_requests(self, item, info):
        cap = info.spider.settings.getint("ATTACHMENT_MAXSIZE")
        referer = item.get("url") if item.get("page", {}).get("html") else item.get("list_url")
        return [
            # VSB-style download.jsp answers only with a Referer from the site's own page.
            Request(
                url,
                callback=NO_CALLBACK,
                headers={"Referer": referer or url},
                meta={"download_maxsize": cap, "download_warnsize": 0},
            )
            for url in item.get("file_urls") or ()
        ]

    def file_path(self, request, response=None, info=None, *, item=None) -> str:
        return store_path(request.url)

    async def file_downloaded(self, response, request, info, *, item=None) -> str:
        media_type = sniff(response.body)
        if media_type not in EXTRACTABLE:  # an HTML error page served as application/pdf, say
            raise FileException(f"not a document but {media_type or 'an unknown type'}")
        return await super().file_downloaded(response, request, info, item=item)

    def item_completed(self, results, item, info):
        item = super().item_completed(results, item, info)
        failures = {}
        for request, (ok, value) in zip(self.get_media_requests(item, info), results, strict=False):
            if not ok:
                failures[request.url] = value.getErrorMessage() if hasattr(value, "getErrorMessage") else str(value)
        item["page"]["attachment_failures"] = failures
        return item
