"""Send every request to the replica server when ``REPLICA_PROXY`` is set (off by default).

The replica server answers by Host header, so spiders keep their real start URLs. Only a
loopback proxy is accepted: replica mode must never route traffic anywhere else.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ReplicaProxyMiddleware:
    def __init__(self, proxy: str) -> None:
        host = urlsplit(proxy).hostname or ""
        if not _is_loopback(host):
            raise ValueError(f"REPLICA_PROXY must be a loopback address, got {proxy!r}")
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler):
        proxy = crawler.settings.get("REPLICA_PROXY")
        if not proxy:
            raise NotConfigured
        return cls(proxy)

    def process_request(self, request):
        request.meta["proxy"] = self.proxy
        return None
