"""The end of every crawl: a short summary in the log and the crawl's stats as a JSON file.

Progress lines during a long crawl come from Scrapy's LogStats extension (every
``LOGSTATS_INTERVAL`` seconds). An empty crawl (no reports at all) is logged as an error; the
project's ``crawl`` command then exits with status 2 (not for one worker of a shared crawl, whose
share may rightly be empty).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections import Counter
from pathlib import Path

from scrapy import signals

from govreports.crawl.shared_crawl import is_shared

logger = logging.getLogger(__name__)


def detected_platforms(stats: dict, portals=()) -> dict[str, dict]:
    """Per portal crawled from its home page: the platform most of its pages showed, how many
    pages showed one, the share of them that showed that one, and the share of those whose signs
    were strong (``sure``) rather than only adding up (``likely``). A portal whose pages showed
    none has platform None."""
    pages: dict[str, Counter] = {portal: Counter() for portal in portals}
    for key, value in stats.items():
        if key.startswith("detected/"):
            _, portal, platform, confidence = key.split("/")
            pages.setdefault(portal, Counter())[platform, confidence] += value
    detected = {}
    for portal, counts in pages.items():
        by_platform = Counter()
        for (platform, _), n in counts.items():
            by_platform[platform] += n
        total = sum(by_platform.values())
        platform, best = by_platform.most_common(1)[0] if by_platform else (None, 0)
        detected[portal] = {
            "platform": platform,
            "pages": total,
            "share": round(best / total, 2) if total else 0.0,
            "sure": round(counts[platform, "sure"] / best, 2) if best else 0.0,
        }
    return detected


class RunReport:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats_dir = crawler.settings.get("STATS_DIR")

    @classmethod
    def from_crawler(cls, crawler):
        report = cls(crawler)
        crawler.signals.connect(report.spider_opened, signal=signals.spider_opened)
        return report

    def spider_opened(self, spider) -> None:
        # Connected now, after the pipelines' own spider_closed handlers, so their counts are final.
        self.crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_closed(self, spider, reason) -> None:
        stats = self.crawler.stats
        counts = {kind: stats.get_value(f"sqlite/{kind}", 0) for kind in ("new", "changed", "unchanged", "gone")}
        counts["unchanged"] += stats.get_value("incremental/not_modified", 0) + stats.get_value("incremental/fresh", 0)
        reports = counts["new"] + counts["changed"] + counts["unchanged"]
        if not self.crawler.settings.get("SQLITE_PATH"):
            reports = stats.get_value("item_scraped_count", 0)
        stats.set_value("run/reports", reports)
        # A request a middleware chose not to send (robots.txt, a report fetched recently) is no problem.
        errors = {
            key.rsplit("/", 1)[-1]: value
            for key, value in stats.get_stats().items()
            if (key.startswith("downloader/exception_type_count/") and not key.endswith(".IgnoreRequest"))
            or (key.startswith("downloader/response_status_count/") and key[-3] in "45")
            or key.startswith(("destination/refused/", "validate/dropped/", "report/"))  # a report lost to an error
            or key == "attachment/report_unreadable"
        }
        logger.info(
            "%s: %d reports (new %d, changed %d, unchanged %d, gone %d) from %d pages in %.0f s; %s; %s",
            spider.name,
            reports,
            counts["new"],
            counts["changed"],
            counts["unchanged"],
            counts["gone"],
            stats.get_value("downloader/response_count", 0),
            stats.get_value("elapsed_time_seconds", 0),
            "problems: " + ", ".join(f"{kind} {n}" for kind, n in sorted(errors.items())) if errors else "no problems",
            reason,
        )
        detected = detected_platforms(stats.get_stats(), getattr(spider, "auto_portals", ()))
        if detected:
            stats.set_value("run/detected", detected)
            found = Counter(entry["platform"] or "none" for entry in detected.values())
            logger.info(
                "%s: platforms found for %d portals: %s",
                spider.name,
                len(detected),
                ", ".join(f"{k} {n}" for k, n in found.most_common()),
            )
        if reports == 0 and is_shared(self.crawler.settings):
            logger.warning("%s: this worker's share of the shared crawl was empty; other workers took it", spider.name)
        elif reports == 0:
            logger.error(
                "%s found no reports: an empty crawl is an error (start URLs, site layout, or blocking?)", spider.name
            )
        if self.stats_dir:
            path = Path(self.stats_dir)
            path.mkdir(parents=True, exist_ok=True)
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            (path / f"{spider.name}-{stamp}-{os.getpid()}.json").write_text(
                json.dumps(stats.get_stats(), default=str, indent=1, sort_keys=True), encoding="utf-8"
            )
