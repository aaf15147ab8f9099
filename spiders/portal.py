"""``scrapy crawl portal -a url=http://www.example.gov.cn/``: any portal, from its home page.

It walks from the home page to the 政府信息公开 pages and the 年报 columns (by link text and by
the paths platforms give them), recognises the platform on every page it reaches
(govreports/platform_detection.py), and hands a recognised page to that platform spider's own
list logic. It stays inside the government's domain family; a link elsewhere (a spam mirror, a
document-sharing site) is counted by Scrapy's offsite filter, never followed.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy

from govreports import registry
from govreports.crawl.platform_detection import detect_platform
from spiders.platforms.base import is_attachment_url
from spiders.platforms.routing import RoutingSpider, SiteView

MAX_DEPTH = 3  # home → 政府信息公开 → a unit's or a year's directory → its 年报 list
# Link texts of navigation toward the reports: short, and without a year (report titles are long
# and name their year, so a report page is never taken for a directory).
_NAV_TEXT_RE = re.compile(
    r"^[^\d]{0,10}(?:政府信息公开|信息公开|政务公开)(?:目录|专栏|平台)?$|^[^\d]{0,10}(?:年报|年度报告)$"
)
# Paths platforms give 年报 directories and 信息公开 roots.
_NAV_PATH_RE = re.compile(
    r"/(?:zfxxgk|xxgk|gkmlpt/index|zfxxgknb|xxgknb|xxgkndbg|ndbg|gknb\d*|nb_\d{4}n|andfl/\d{4}n\d*)(?:/(?:index\.s?html?)?|\.htm)?$"
)
# A TRS portal's per-unit and per-year 年报 folders, for its list logic.
TRS_LIST_FOLDERS = r"/(?:zfxxgknb|xxgknb|xxgkndbg|ndbg|gknb\d*|nb_\d{4}n|andfl/\d{4}n\d*)/$"


def government_domain(host: str) -> str:
    """The domain family of a government host: ``www.yuhuan.gov.cn`` → ``yuhuan.gov.cn``."""
    labels = host.lower().rstrip(".").split(".")
    keep = 3 if labels[-2:] == ["gov", "cn"] else 2
    return ".".join(labels[-keep:])


class PortalSpider(RoutingSpider):
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

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(self.start_urls[0], callback=self.discover, cb_kwargs={"depth": 0})

    def discover(self, response, depth: int):
        if not isinstance(response, scrapy.http.TextResponse):
            return
        platform = detect_platform(response.text, response.url)
        if platform is not None:
            self.crawler.stats.inc_value(f"portal/pages/{platform}")
            yield from self.run_step(f"{self.domain}:{platform}", "parse", response)
        if depth >= MAX_DEPTH:
            return
        for link in response.css("a[href]"):
            href = urljoin(response.url, link.attrib["href"]).split("#")[0]
            text = " ".join("".join(link.css("::text").getall()).split())
            if is_attachment_url(href) or not href.startswith("http"):
                continue
            if not (_NAV_TEXT_RE.search(text) or _NAV_PATH_RE.search(urlsplit(href).path)):
                continue
            host = urlsplit(href).hostname or ""
            if government_domain(host) != self.domain:
                self.note_offsite(host, response.url)
                continue
            yield scrapy.Request(href, callback=self.discover, cb_kwargs={"depth": depth + 1})

    def note_offsite(self, host: str, page: str) -> None:
        """A 信息公开 link to another domain: a mirror or another government, never followed."""
        self.crawler.stats.inc_value("portal/offsite_links")
        if host not in self.offsite_hosts:
            self.offsite_hosts.add(host)
            self.logger.warning("%s links 信息公开 pages on %s, outside %s: not followed", page, host, self.domain)

    def view(self, key: str) -> SiteView:
        """The portal seen as one platform (a portal may mix two), made on first use, so a
        resumed crawl (JOBDIR) rebuilds it from the key its requests carry."""
        if key not in self.views:
            platform = key.rsplit(":", 1)[1]
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
            self.views[key] = SiteView(self, site)
            self.views[key].division = {}  # unknown: each report names its own place
        return self.views[key]
