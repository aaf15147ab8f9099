"""What every report spider shares: start URLs, the site's division, and turning a report page into an item."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from govreports import registry
from govreports.crawl.incremental import REPORT_PAGE
from govreports.crawl.items import ReportItem
from govreports.parse.encoding import decode_page


class ReportSpider(scrapy.Spider):
    """Base of all report spiders.

    Knobs a site spider sets (or takes from its registry row, ``site="key"`` in its class line):
      ``start_urls``          entry pages (a 年报 column, a directory of them, a catalogue shell);
      ``allowed_domains``     the government's own domain family; required, so links elsewhere
                              (spam mirrors, other sites) are never followed;
      ``division``            the portal's own division: ``region``, ``level``, ``division_code``,
                              ``region_path`` (used to resolve what reports name, never to guess);
      ``title_must_contain``  keep only list entries whose title names one of these (portals that
                              host other places' reports, like a prefecture hosting its counties');
      ``site_overrides``      politeness settings for this site, each with its reason:
                              ``{"SETTING": (value, "why")}``; ``-s`` on the command line still wins.
    """

    division: dict[str, Any] = {}
    title_must_contain: tuple[str, ...] = ()
    site_overrides: dict[str, tuple[Any, str]] = {}

    def __init_subclass__(cls, site: str | None = None, **kwargs: Any) -> None:
        """``class YuhuanSpider(HanwebSpider, site="yuhuan")`` takes its name, start URLs, domains,
        division, options and politeness from that row of the site registry (govreports/sites.toml)."""
        super().__init_subclass__(**kwargs)
        if site is None:
            return
        cls.name = cls.__dict__.get("name", site)  # ``scrapy crawl yuhuan``
        row = registry.site(site)
        for name, value in row.spider_attributes().items():
            setattr(cls, name, value)
        reason = row.politeness.get("reason", "")
        cls.site_overrides = {
            setting: (row.politeness[knob], reason)
            for knob, setting in _POLITENESS_SETTINGS.items()
            if knob in row.politeness
        }

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        for name, (value, reason) in cls.site_overrides.items():
            if not reason.strip():
                raise ValueError(f"{cls.__name__}: the override of {name} needs its reason")
            settings.set(name, value, priority="spider")

    @property
    def site(self) -> str:
        return getattr(self, "site_key", None) or self.name

    async def start(self) -> AsyncIterator[Any]:
        if not self.start_urls:
            raise ValueError(f"{type(self).__name__} needs start_urls")
        if not getattr(self, "allowed_domains", None):
            raise ValueError(f"{type(self).__name__} needs allowed_domains (its government's domain family)")
        for name, (value, reason) in self.site_overrides.items():
            self.logger.info("%s = %r for this site (%s); in effect: %r", name, value, reason, self.settings[name])
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse)

    def wanted(self, list_title: str | None) -> bool:
        if not self.title_must_contain or not list_title:
            return True
        if any(name in list_title for name in self.title_must_contain):
            return True
        self.crawler.stats.inc_value("list/skipped_other_place")
        return False

    def report_request(
        self, url: str, list_url: str, list_title: str | None = None, list_date: str | None = None, **hints: Any
    ) -> scrapy.Request | ReportItem | None:
        """The request for a listed report page; for a report published only as an attachment,
        the item itself, whose file the attachment pipeline downloads."""
        if not self.wanted(list_title):
            return None
        self.crawler.stats.inc_value("list/report_links")
        hints.update(list_title=list_title, list_date=list_date)
        if is_attachment_url(url):
            self.crawler.stats.inc_value("list/attachment_reports")
            item = self.report_item(url, list_url, None, {}, [], {**hints, "attachment_only": True})
            item["file_urls"] = [url]
            item["page"]["attachment_names"] = {url: list_title}
            return item
        return scrapy.Request(
            url,
            callback=self.parse_report,
            cb_kwargs={"list_url": list_url, "hints": hints},
            meta={REPORT_PAGE: True},
        )

    def site_hints(self) -> dict[str, Any]:
        return registry.site_hints(self.division)

    def parse_report(self, response: Response, list_url: str, hints: dict[str, Any]):
        if not isinstance(response, TextResponse):
            self.logger.warning("Not a text page, skipped: %s (%s)", response.url, response.headers.get("Content-Type"))
            self.crawler.stats.inc_value("report/not_text")
            return
        text, encoding, warnings = decode_page(response.body, _header(response, "Content-Type"))
        http = {
            "status": response.status,
            "encoding": encoding,
            "etag": _header(response, "ETag"),
            "last_modified": _header(response, "Last-Modified"),
        }
        item = self.report_item(response.url, list_url, text, http, warnings, hints)
        names = {}
        # Most report pages link no file: then the page is not parsed here at all (the clean
        # stage parses it). Where one might, only links whose raw href looks like a file are
        # resolved: pages carry hundreds of links, and resolving each cost more than the parse.
        links = response.selector.root.iter("a") if _MAY_BE_ATTACHMENT(text) else ()
        for link in links:
            href = link.get("href")
            if href and _MAY_BE_ATTACHMENT(href) and is_attachment_url(url := response.urljoin(href)):
                names.setdefault(url, " ".join("".join(link.itertext()).split()) or None)
        if names:
            item["file_urls"] = list(names)
            item["page"]["attachment_names"] = names
        yield item

    def report_item(self, url, list_url, html, http, warnings, hints) -> ReportItem:
        return ReportItem(
            url=url,
            spider=self.name,
            site=self.site,
            list_url=list_url,
            fetched_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            http=http,
            page={"html": html, "warnings": warnings, "hints": {**self.site_hints(), **hints}},
        )


# A registry row's politeness knobs, as the settings a one-site crawl sets.
_POLITENESS_SETTINGS = {"concurrency": "CONCURRENT_REQUESTS_PER_DOMAIN", "delay": "DOWNLOAD_DELAY"}

_ATTACHMENT_RE = re.compile(r"\.(pdf|docx?|wps|xlsx?|et)$|/(downfile|download)\.jsp$", re.I)
# One branch that starts with the dot: an alternation at the top ran twelve times slower over a page.
_MAY_BE_ATTACHMENT = re.compile(r"\.(?:(?:pdf|docx?|wps|xlsx?|et)\b|jsp(?<=down(?:file|load)\.jsp))", re.I).search


def is_attachment_url(url: str) -> bool:
    """A link to a report document rather than a page: by its path, as portals link them."""
    return bool(_ATTACHMENT_RE.search(urlsplit(url).path))


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
