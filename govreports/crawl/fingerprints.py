"""Request fingerprints that keep registry rows apart.

Two rows of a registry can share a host: a county whose portal is a section of its prefecture's,
both rows starting from the same home page. With fingerprints of the URL alone, the duplicate
filter would give the page to whichever row asked first and the other row would find nothing.
A request made for a row (``meta["site_key"]``, the row's key before any ``:platform``) is
fingerprinted with the row's key, so each row crawls the shared host for its own reports.
"""

from __future__ import annotations

import hashlib

from scrapy.utils.request import RequestFingerprinter


class PortalRequestFingerprinter(RequestFingerprinter):
    def fingerprint(self, request) -> bytes:
        url_fingerprint = super().fingerprint(request)
        site_key = request.meta.get("site_key")
        if not site_key:
            return url_fingerprint
        portal = site_key.split(":", 1)[0]
        return hashlib.sha1(url_fingerprint + portal.encode("utf-8")).digest()
