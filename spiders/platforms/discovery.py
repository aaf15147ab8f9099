"""Finding a portal's 年报 from its home page, for a portal whose platform nobody has written down.

From the home page the spider follows links toward the reports: short link texts such as
政府信息公开 or 部门政府信息公开年报 (never a report title, which is long and names its year), and the
paths platforms give 信息公开 roots and 年报 folders, at most three links deep. On every page it
reaches it recognises the platform (govreports/crawl/platform_detection.py) and hands a
recognised page to that platform spider's own list logic. It stays inside the government's
domain family; a 信息公开 link elsewhere (a spam mirror) is counted, never followed. What was
recognised is counted per portal, with how sure (``detected/<portal>/<platform>/<sure|likely>``), so
a user can pin it.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import scrapy

from govreports.crawl.platform_detection import detection
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


class DiscoveringSpider(RoutingSpider):
    """A :class:`RoutingSpider` that reaches portals' reports from their home pages. A subclass
    says which domain family a portal keeps to (``portal_domain``) and how a portal looks as one
    platform (``platform_view``)."""

    offsite_hosts: set[str]

    def discovery_request(self, url: str, portal: str) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.discover, cb_kwargs={"portal": portal, "depth": 0}, meta={"site_key": portal}
        )

    def portal_domain(self, portal: str) -> str:
        raise NotImplementedError

    def platform_view(self, portal: str, platform: str) -> SiteView:
        raise NotImplementedError

    def view(self, key: str) -> SiteView:
        """The portal seen as one platform (a portal may mix two), made on first use, so a
        resumed crawl (JOBDIR) rebuilds it from the key its requests carry."""
        if key not in self.views:
            portal, platform = key.rsplit(":", 1)
            self.views[key] = self.platform_view(portal, platform)
        return self.views[key]

    def discover(self, response, portal: str, depth: int):
        if not isinstance(response, scrapy.http.TextResponse):
            return
        found = detection(response.text, response.url)
        platform = found.platform
        if platform is not None:
            self.crawler.stats.inc_value(f"portal/pages/{platform}")
            self.crawler.stats.inc_value(f"detected/{portal}/{platform}/{found.confidence}")
            yield from self.run_step(f"{portal}:{platform}", "parse", response)
        if depth >= MAX_DEPTH:
            return
        domain = self.portal_domain(portal)
        for link in response.css("a[href]"):
            href = urljoin(response.url, link.attrib["href"]).split("#")[0]
            text = " ".join("".join(link.css("::text").getall()).split())
            if is_attachment_url(href) or not href.startswith("http"):
                continue
            if not (_NAV_TEXT_RE.search(text) or _NAV_PATH_RE.search(urlsplit(href).path)):
                continue
            host = urlsplit(href).hostname or ""
            if not (host == domain or host.endswith("." + domain)):
                self.note_offsite(host, response.url, domain)
                continue
            yield scrapy.Request(
                href,
                callback=self.discover,
                cb_kwargs={"portal": portal, "depth": depth + 1},
                meta={"site_key": portal},
            )

    def note_offsite(self, host: str, page: str, domain: str) -> None:
        """A 信息公开 link to another domain: a mirror or another government, never followed."""
        self.crawler.stats.inc_value("portal/offsite_links")
        if host not in self.offsite_hosts:
            self.offsite_hosts.add(host)
            self.logger.warning("%s links 信息公开 pages on %s, outside %s: not followed", page, host, domain)
