"""Canonical report URLs and the stable ``report_id`` derived from them."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

# Query keys that never identify a document (tracking, cache busting, list provenance).
_NOISE_KEYS = {
    "from",
    "source",
    "spm",
    "share",
    "_",
    "t",
    "timestamp",
    "random",
    "r",
    "v",
    "isappinstalled",
    "uid",
    "pagenum",
    "pageNum",
    "tab",
    "nav",
}


_WAP_TWIN_RE = re.compile(r"(/t\d{8}_\d+)_wap(\.s?html?)$")
_VSB_CONTENT_JSP_RE = re.compile(r"/content\.jsp$")


def primary_url(url: str) -> str:
    """The URL a CMS publishes a page under, for the twins it also serves it under: a TRS mobile
    twin (``t20210122_107060_wap.shtml``) and a VSB JSP twin
    (``content.jsp?urltype=news.NewsContentUrl&wbtreeid=T&wbnewsid=N`` → ``/info/T/N.htm``)."""
    parts = urlsplit(url)
    if _VSB_CONTENT_JSP_RE.search(parts.path):
        query = dict(parse_qsl(parts.query))
        tree, news = query.get("wbtreeid", ""), query.get("wbnewsid", "")
        if tree.isdigit() and news.isdigit():
            return f"{parts.scheme}://{parts.netloc}/info/{tree}/{news}.htm"
    head, sep, query = url.partition("?")
    return _WAP_TWIN_RE.sub(r"\1\2", head) + sep + query


def canonical_url(url: str) -> str:
    """Scheme, ``www.``, fragment and noise query keys removed, twins mapped to their primary
    URL; identifying keys kept, sorted."""
    parts = urlsplit(primary_url(url.strip()))
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=False)
        if k not in _NOISE_KEYS and not k.lower().startswith("utm_")
    ]
    path = parts.path or "/"
    return host + path + ("?" + urlencode(sorted(query)) if query else "")


def report_id(url: str) -> str:
    """sha1 of the canonical URL: the same report gets the same id on every run."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()
