"""Canonical report URLs and the stable ``report_id`` derived from them."""

from __future__ import annotations

import hashlib
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


def canonical_url(url: str) -> str:
    """Scheme, ``www.``, fragment and noise query keys removed; identifying keys kept, sorted."""
    parts = urlsplit(url.strip())
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
