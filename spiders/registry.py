"""``scrapy crawl registry``: any selection of the site registry, each row crawled with its
platform's logic. ``-a sites=yuhuan,xunyi`` or ``-a province=浙江``; no argument: every row."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import scrapy

from govreports import registry
from spiders.platforms import GkmlptSpider, HanwebSpider, ReportSpider, TrsSpider, VsbSpider

PLATFORM_SPIDERS: dict[str, type[ReportSpider]] = {
    "hanweb": HanwebSpider,
    "trs": TrsSpider,
    "gkmlpt": GkmlptSpider,
    "vsb": VsbSpider,
}


class SiteView:
    """One registry row as its platform spider: the platform's methods, bound to this view, read
    the row's attributes (start URLs, division, options); what a row does not have (crawler,
    settings, logger) is the running spider's."""

    def __init__(self, spider: RegistrySpider, site: registry.Site) -> None:
        self._spider = spider
        self._platform = PLATFORM_SPIDERS[site.platform]
        self.site_key = site.key
        self.__dict__.update(site.spider_attributes())

    def __getattr__(self, name: str) -> Any:
        try:
            attribute = inspect.getattr_static(self._platform, name)
        except AttributeError:
            return getattr(self._spider, name)
        if hasattr(attribute, "__get__") and not isinstance(attribute, classmethod):
            return attribute.__get__(self, type(self))  # a method or property, bound to this row
        return getattr(self._platform, name)


class RegistrySpider(ReportSpider):
    """Every callback goes through :meth:`dispatch`, which hands the response to the right row's
    platform method (named in the request's meta). So requests stay plain, serialisable
    requests of this spider (``JOBDIR`` and the Redis queue store them by callback name)."""

    name = "registry"

    def __init__(self, sites: str | None = None, province: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        keys = [k.strip() for k in sites.split(",") if k.strip()] if sites else None
        self.rows = registry.select(list(registry.packaged_sites().values()), keys, province)
        if not self.rows:
            raise ValueError(f"no registry row matches sites={sites!r} province={province!r}")
        self.views = {row.key: SiteView(self, row) for row in self.rows}
        self.allowed_domains = sorted({domain for row in self.rows for domain in row.domains})
        self.start_urls = [url for row in self.rows for url in row.entry]

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Per-portal limits become Scrapy's per-host download slots (keyed by the host of the
        # portal's entry URLs); -s DOWNLOAD_SLOTS entries still win.
        slots = {
            urlsplit(url).hostname: row.download_slot()
            for row in spider.rows
            if row.download_slot()
            for url in row.entry
        }
        if slots:
            crawler.settings.set("DOWNLOAD_SLOTS", {**slots, **crawler.settings.getdict("DOWNLOAD_SLOTS")}, "spider")
        return spider

    async def start(self) -> AsyncIterator[Any]:
        for row in self.rows:
            self.logger.info("%s: %s platform, %d start URL(s)", row.key, row.platform, len(row.entry))
            for url in row.entry:
                yield scrapy.Request(url, callback=self.dispatch, meta={"site_key": row.key, "step": "parse"})

    def dispatch(self, response, **kwargs: Any):
        key = response.meta["site_key"]
        step = getattr(self.views[key], response.meta["step"])
        for output in step(response, **kwargs) or ():
            if isinstance(output, scrapy.Request):
                output = self.routed(output, key)
            yield output

    def routed(self, request: scrapy.Request, key: str) -> scrapy.Request:
        step = request.callback.__name__ if request.callback else "parse"
        return request.replace(callback=self.dispatch, meta={**request.meta, "site_key": key, "step": step})
