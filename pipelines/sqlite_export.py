"""SQLite export: upsert each report (in its own transaction, or with ``PROCESSING_WORKERS`` in a
store writer process, in group commits); one ``crawls`` row per run; the cross-year checks of
every issuer the run added or changed."""

from __future__ import annotations

import asyncio
from collections import Counter

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured

from govreports.crawl.shared_crawl import is_shared
from govreports.crawl.workers import WorkerPool, shared
from govreports.store.store import ReportStore, upsert_into

MAX_GROUP = 200  # reports per transaction at most: bounds how long a shared store stays locked
# How long a group waits for company before it is written. A fast crawl's reports then go in a
# few large transactions rather than many of one or two, each a commit and a search-index segment.
GATHER_S = 0.1


class SqliteExportPipeline:
    def __init__(self, crawler, path: str) -> None:
        self.crawler = crawler
        self.path = path
        self.counts: Counter[str] = Counter()
        self.store: ReportStore | None = None
        self.writer: GroupCommit | None = None
        self.crawl_id: int | None = None
        self.touched_issuers: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("SQLITE_PATH")
        if not path:
            raise NotConfigured
        pipeline = cls(crawler, path)
        # The finish reason is known only at spider_closed, after pipelines close.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self):
        self.store = ReportStore(self.path)
        self.crawl_id = self.store.start_crawl(self.crawler.spider.name)
        if self.crawler.settings.getint("PROCESSING_WORKERS") > 0:
            # One writer per store for all the process's crawlers: their groups merge.
            self.writer = shared(self.crawler, f"store:{self.path}", lambda: GroupCommit(self.path))

    async def process_item(self, item):
        record = dict(ItemAdapter(item).items())  # its values are plain data; asdict's deep copy cost ~4 ms
        outcome = self.store.upsert(record) if self.writer is None else await self.writer.write(record)
        self.counts[outcome] += 1
        if outcome != "unchanged":
            self.touched_issuers.add(record.get("issuer"))
        self.crawler.stats.inc_value(f"sqlite/{outcome}")
        return item

    def spider_closed(self, spider, reason):
        if self.store is None:
            return
        # Those this crawl touched, and those an earlier, killed crawl stored without their checks.
        issuers = self.touched_issuers | set(self.store.issuers_missing_cross_checks())
        self.crawler.stats.set_value("sqlite/cross_checks", self.store.refresh_cross_checks(issuers))
        errors = self.crawler.stats.get_value("log_count/ERROR", 0)
        # Reports the server answered 304 for, or not asked for (fetched recently), never reach the
        # pipelines; they are unchanged too.
        for kind in ("not_modified", "fresh"):
            self.counts["unchanged"] += self.crawler.stats.get_value(f"incremental/{kind}", 0)
        # A worker of a shared crawl sees only its share, so it cannot tell what is gone.
        whole = not is_shared(self.crawler.settings)
        gone = self.store.finish_crawl(self.crawl_id, self.counts, errors, reason, whole_crawl=whole)
        self.crawler.stats.set_value("sqlite/gone", gone or 0)
        self.store.close()
        self.store = None


class GroupCommit:
    """Upserts in a store writer process. Reports that arrive while a group is being written wait
    and go together in the next one, one transaction per group: a busy crawl pays one commit per
    group. A report's write returns once its group is committed, so what the crawl has passed on
    is on disk, and a killed crawl loses only unfinished reports, which its rerun fetches."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.pool = WorkerPool(1)  # one writer: SQLite takes one at a time anyway
        self.waiting: list[tuple[dict, asyncio.Future]] = []
        self.writing: asyncio.Future | None = None

    async def write(self, record: dict) -> str:
        future = asyncio.get_running_loop().create_future()
        self.waiting.append((record, future))
        if self.writing is None or self.writing.done():
            self.writing = asyncio.ensure_future(self._write_groups())
        return await future

    async def _write_groups(self) -> None:
        while self.waiting:
            if len(self.waiting) < MAX_GROUP:
                await asyncio.sleep(GATHER_S)
            group, self.waiting = self.waiting[:MAX_GROUP], self.waiting[MAX_GROUP:]
            try:
                outcomes = await self.pool.call(upsert_into, self.path, [record for record, _ in group])
            except Exception:
                # The group was rolled back: each report again on its own, so a bad one fails alone.
                for record, future in group:
                    try:
                        future.set_result((await self.pool.call(upsert_into, self.path, [record]))[0])
                    except Exception as exc:
                        future.set_exception(exc)
                continue
            for (_, future), outcome in zip(group, outcomes, strict=True):
                future.set_result(outcome)

    async def close(self) -> None:
        if self.writing is not None:
            await self.writing
        await self.pool.close()
