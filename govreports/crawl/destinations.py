"""Where a crawl may connect: public http(s) addresses only.

Scrapy's OffsiteMiddleware keeps a spider to its ``allowed_domains``. This module adds what it
does not check: a link with another scheme (``file:``, ``ftp:``, ``javascript:``), a host that
is a loopback, private, link-local or reserved IP literal, and a name that *resolves* to one
(a portal page, or a spam mirror, can point anywhere). Replica mode (``REPLICA_PROXY``) is the
one explicit exception: it may connect to its own loopback proxy, and only to that.
"""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

ALLOWED_SCHEMES = frozenset({"http", "https"})
logger = logging.getLogger(__name__)


def is_public_address(host: str) -> bool:
    """True for a globally routable IP address; False for loopback, private, link-local, reserved."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_global
    except ValueError:
        return False


def refused_reason(url: str) -> str | None:
    """Why a crawl must not fetch ``url`` (``scheme`` or ``private_address``), or None."""
    parts = urlsplit(url)
    return _refused_destination(parts.scheme.lower(), (parts.hostname or "").lower())


@lru_cache(maxsize=4096)  # a crawl asks about the same few hosts for every request
def _refused_destination(scheme: str, host: str) -> str | None:
    if scheme not in ALLOWED_SCHEMES:
        return "scheme"
    if not host or host == "localhost" or host.endswith(".localhost"):
        return "private_address"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return None  # a name: the resolver checks what it resolves to
    return None if is_public_address(host) else "private_address"


class DestinationPolicyMiddleware:
    """Refuse requests to other schemes and to non-public IP literals, counting them in stats."""

    def __init__(self, crawler) -> None:
        self.stats = crawler.stats
        self.logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        reason = refused_reason(request.url)
        if reason is None:
            return None
        self.stats.inc_value(f"destination/refused/{reason}")
        raise IgnoreRequest(f"refused ({reason}): {request.url}")


class PublicAddressResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to non-public addresses.

    The host of ``REPLICA_PROXY`` (already checked to be loopback) is the only exception.
    """

    def __init__(self, reactor, cache_size: int, timeout: float, allowed_hosts: frozenset[str] = frozenset()):
        super().__init__(reactor, cache_size, timeout)
        self.allowed_hosts = allowed_hosts

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        proxy_host = urlsplit(crawler.settings.get("REPLICA_PROXY") or "").hostname
        resolver.allowed_hosts = frozenset({proxy_host}) if proxy_host else frozenset()
        return resolver

    def getHostByName(self, name: str, timeout=()):
        deferred = super().getHostByName(name, timeout)
        if name in self.allowed_hosts:
            return deferred

        def check(address: str) -> str:
            if not is_public_address(address):
                # Twisted reports any resolver failure as "no results", so say here what happened.
                logger.warning("Refused %s: it resolves to the non-public address %s", name, address)
                raise DNSLookupError(f"{name} resolves to non-public address {address}; refused")
            return address

        return deferred.addCallback(check)
