"""``scrapy crawl portal -a url=http://www.example.gov.cn/``: any portal, from its home page
(the discovery of ``spiders/platforms/discovery.py``), inside the government's domain family.
With no registry row, each report's place comes from its own text and the gazetteer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from govreports import registry
from spiders.platforms.discovery import TRS_LIST_FOLDERS, DiscoveringSpider, government_domain
from spiders.platforms.routing import SiteView


class PortalSpider(DiscoveringSpider):
    name = "portal"

    @classmethod
    def check_arguments(cls, url: str | None = None, **_: Any) -> None:
        """Refuse what is no portal's home page before the crawl starts (``scrapy crawl`` says so)."""
        if not url or urlsplit(url).scheme not in ("http", "https"):
            raise ValueError("scrapy crawl portal -a url=http://www.example.gov.cn/ (a portal's home page)")

    def __init__(self, url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check_arguments(url)
        self.domain = government_domain(urlsplit(url).hostname or "")
        self.allowed_domains = [self.domain]
        self.start_urls = [url]
        self.views: dict[str, SiteView] = {}
        self.offsite_hosts: set[str] = set()
        self.auto_portals = [self.domain]

    async def start(self) -> AsyncIterator[Any]:
        yield self.discovery_request(self.start_urls[0], self.domain)

    def portal_domain(self, portal: str) -> str:
        return self.domain

    def platform_view(self, portal: str, platform: str) -> SiteView:
        site = registry.Site(
            key=self.domain,
            name=self.domain,
            region="",
            level="",
            division_code=None,
            region_path=(),
            platform=platform,
            entry=tuple(self.start_urls),
            domains=(self.domain,),
            options={"list_link_pattern": TRS_LIST_FOLDERS} if platform == "trs" else {},
        )
        view = SiteView(self, site)
        view.division = {}  # unknown: each report names its own place
        return view
