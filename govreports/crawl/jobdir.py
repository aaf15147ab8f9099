"""A paused crawl (``-s JOBDIR=…``) resumes only from a clean stop.

Scrapy keeps a JOBDIR's request queue and its seen-request fingerprints in separate files; a crawl
killed with ``kill -9`` leaves fingerprints of requests its queue never kept, and a resume then
crawls nothing (and would count every stored report as gone). So a crawl marks its JOBDIR while
it runs and removes the mark when it stops (finished, or Ctrl-C: both save the queue whole); a
JOBDIR still marked was left by a killed crawl, and ``scrapy crawl`` refuses it with a message.
"""

from __future__ import annotations

from pathlib import Path

from scrapy import signals

MARK = "govreports-running"


def unclean_jobdir(settings) -> str | None:
    """Why the settings' JOBDIR cannot be resumed, or None."""
    folder = settings.get("JOBDIR")
    if folder and (Path(folder) / MARK).exists():
        return (
            f"JOBDIR {folder} was left by a crawl that did not stop cleanly (killed?): its saved queue is"
            " incomplete. Delete the folder and crawl again; the store keeps what was fetched, and a rerun"
            " only downloads what changed."
        )
    return None


class JobdirGuard:
    """Marks the JOBDIR of a running crawl (Scrapy's extension: ``EXTENSIONS``)."""

    def __init__(self, folder: Path) -> None:
        self.mark = folder / MARK

    @classmethod
    def from_crawler(cls, crawler):
        folder = crawler.settings.get("JOBDIR")
        if not folder:
            from scrapy.exceptions import NotConfigured

            raise NotConfigured
        guard = cls(Path(folder))
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def spider_opened(self, spider) -> None:
        self.mark.parent.mkdir(parents=True, exist_ok=True)
        self.mark.write_text("a crawl is running, or was killed\n", encoding="utf-8")

    def spider_closed(self, spider, reason) -> None:
        self.mark.unlink(missing_ok=True)
