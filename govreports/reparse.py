"""Re-derive stored records after the gazetteer or the place rules change, without refetching.

Each stored report is read back as the record its crawl wrote, its place is resolved again by
the crawl's own ``relocate``, and it is written back only if that changed anything. A report
keeps its ``last_seen_at``: a reparse has not seen the portal.
"""

from __future__ import annotations

from collections import Counter

from govreports.registry import Site, site_hints
from govreports.report import relocate
from govreports.store.store import ReportStore


def reparse_places(store: ReportStore, sites: dict[str, Site]) -> Counter[str]:
    """``changed`` / ``unchanged`` counts; ``sites`` give each record's portal division by its ``site``."""
    counts: Counter[str] = Counter()
    for record, seen_at in store.records():
        site = sites.get(record.get("site") or "")
        hints = site_hints(site.division) if site else {}  # the portal spider's records have none
        counts[store.upsert(relocate(record, hints), seen_at=seen_at)] += 1
    return counts
