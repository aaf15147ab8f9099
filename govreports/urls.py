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


def desktop_twin(url: str) -> str:
    """A TRS page's desktop URL for its mobile twin (``t20210122_107060_wap.shtml``): one report."""
    head, sep, query = url.partition("?")
    return _WAP_TWIN_RE.sub(r"\1\2", head) + sep + query


def canonical_url(url: str) -> str:
    """Scheme, ``www.``, fragment, noise query keys and a mobile twin's ``_wap`` removed;
    identifying keys kept, sorted."""
    parts = urlsplit(desktop_twin(url.strip()))
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
