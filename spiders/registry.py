"""``scrapy crawl registry``: any selection of the site registry, each row crawled with its
platform's logic. ``-a sites=yuhuan,xunyi`` or ``-a province=浙江``; no argument: every row.
``-a registry_file=my_sites.toml`` crawls the rows of another registry file instead of the packaged one.
A row of platform ``auto`` is reached from its home page (``spiders/platforms/discovery.py``), its
reports placed by the row's division; the platform found is counted per row for the run report."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from govreports import registry
from spiders.platforms.discovery import TRS_LIST_FOLDERS, DiscoveringSpider
from spiders.platforms.routing import SiteView


class RegistrySpider(DiscoveringSpider):
    name = "registry"
    # A registry crawl is a broad crawl: many hosts, each polite (two requests at a time, the
    # delay), so the machine's CPU, not one server, sets the pace. Chosen by measurement on
    # seasons of replica portals (docs/performance.md, "A national season"): a processing worker
    # took 400 portals from 61.8 s to 36–38 s (a second one, on two cores, did not help); global
    # concurrency 16–128 was alike within the noise, so it follows Scrapy's broad-crawl guidance
    # upward, for real servers' latency. The downloader-aware queue is Scrapy's, picking in turn
    # (govreports/crawl/priority_queue.py): Scrapy's own pick went through every host per
    # request, a third of the crawl process at 3,200 portals. The thread pool resolves names:
    # more hosts, more lookups at once (not measurable on loopback, where the proxy takes all).
    custom_settings = {
        "PROCESSING_WORKERS": 1,
        "CONCURRENT_REQUESTS": 128,
        "SCHEDULER_PRIORITY_QUEUE": "govreports.crawl.priority_queue.TurnTakingPriorityQueue",
        "REACTOR_THREADPOOL_MAXSIZE": 20,
    }

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
        self.by_key = {row.key: row for row in self.rows}
        self.auto_portals = [row.key for row in self.rows if row.platform == registry.AUTO]
        self.views = {row.key: SiteView(self, row) for row in self.rows if row.platform != registry.AUTO}
        self.offsite_hosts: set[str] = set()
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
            self.logger.debug("%s: %s platform, %d start URL(s)", row.key, row.platform, len(row.entry))
            for url in row.entry:
                if row.platform == registry.AUTO:
                    yield self.discovery_request(url, row.key)
                else:
                    yield self.request_step(url, row.key)

    def portal_domain(self, portal: str) -> str:
        return self.by_key[portal].domains[0]

    def platform_view(self, portal: str, platform: str) -> SiteView:
        """An ``auto`` row seen as the platform its pages show, with the row's own division."""
        row = self.by_key[portal]
        options = dict(row.options)
        if platform == "trs":
            options.setdefault("list_link_pattern", TRS_LIST_FOLDERS)
        return SiteView(self, replace(row, platform=platform, options=options))
