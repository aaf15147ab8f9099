"""``scrapy crawl registry``: any selection of the site registry, each row crawled with its
platform's logic. ``-a sites=yuhuan,xunyi`` or ``-a province=浙江``; no argument: every row.
``-a registry_file=my_sites.toml`` crawls the rows of another registry file instead of the packaged one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from govreports import registry
from spiders.platforms.routing import RoutingSpider, SiteView


class RegistrySpider(RoutingSpider):
    name = "registry"

    @classmethod
    def check_arguments(
        cls, sites: str | None = None, province: str | None = None, registry_file: str | None = None, **_: Any
    ) -> list:
        """The registry rows the arguments select; ValueError (which ``scrapy crawl`` reports as a
        usage error, before starting) when none, or when the registry file is unusable."""
        keys = [k.strip() for k in sites.split(",") if k.strip()] if sites else None
        try:
            rows = registry.load(registry_file) if registry_file else list(registry.packaged_sites().values())
            selected = registry.select(rows, keys, province)
        except (registry.RegistryError, KeyError, OSError) as exc:
            raise ValueError(f"registry: {exc}") from exc
        if not selected:
            raise ValueError(f"no registry row matches sites={sites!r} province={province!r}")
        return selected

    def __init__(
        self, sites: str | None = None, province: str | None = None, registry_file: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.rows = self.check_arguments(sites, province, registry_file)
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
                yield self.request_step(url, row.key)
