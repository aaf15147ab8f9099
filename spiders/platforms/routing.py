"""Crawling several portals in one spider with the platform spiders' own methods.

A :class:`SiteView` is one portal seen as its platform spider: the platform's methods, bound to
the view, read the portal's attributes (start URLs, division, options), and what a portal does
not have (crawler, settings, logger) is the running spider's. :class:`RoutingSpider` sends every
response through :meth:`~RoutingSpider.dispatch`, which names the portal and the platform step in
the request's meta, so requests stay plain requests of the spider (``JOBDIR`` and the Redis queue
store them by callback name).
"""

from __future__ import annotations

import inspect
import types
from typing import Any

import scrapy

from govreports import registry
from spiders.platforms.base import ReportSpider
from spiders.platforms.gkmlpt import GkmlptSpider
from spiders.platforms.hanweb import HanwebSpider
from spiders.platforms.label import LabelSpider
from spiders.platforms.legacy import LegacySpider
from spiders.platforms.trs import TrsSpider
from spiders.platforms.vsb import VsbSpider

PLATFORM_SPIDERS: dict[str, type[ReportSpider]] = {
    "hanweb": HanwebSpider,
    "trs": TrsSpider,
    "gkmlpt": GkmlptSpider,
    "vsb": VsbSpider,
    "xxgk_label": LabelSpider,
    "legacy": LegacySpider,
}


class SiteView:
    def __init__(self, spider: ReportSpider, site: registry.Site) -> None:
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
            bound = attribute.__get__(self, type(self))  # a method or property, bound to this portal
            if isinstance(attribute, types.FunctionType):
                self.__dict__[name] = bound  # a method stays the same: looked up once per portal
            return bound
        return getattr(self._platform, name)


class RoutingSpider(ReportSpider):
    """Holds ``views`` (portal key → :class:`SiteView`); platform steps run through :meth:`dispatch`."""

    views: dict[str, SiteView]

    def request_step(self, url: str, key: str, step: str = "parse", **kwargs: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=self.dispatch, meta={"site_key": key, "step": step}, **kwargs)

    def dispatch(self, response, **kwargs: Any):
        key = response.meta["site_key"]
        yield from self.run_step(key, response.meta["step"], response, **kwargs)

    def view(self, key: str) -> SiteView:
        return self.views[key]

    def run_step(self, key: str, step: str, response, **kwargs: Any):
        for output in getattr(self.view(key), step)(response, **kwargs) or ():
            if isinstance(output, scrapy.Request):
                output = self.routed(output, key)
            yield output

    def routed(self, request: scrapy.Request, key: str) -> scrapy.Request:
        step = request.callback.__name__ if request.callback else "parse"
        return request.replace(callback=self.dispatch, meta={**request.meta, "site_key": key, "step": step})
