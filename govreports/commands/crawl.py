"""``scrapy crawl``, which also fails (exit status 2) when a spider found no reports at all."""

from __future__ import annotations

import sys

from scrapy.commands import crawl

from govreports.shared_crawl import is_shared


class Command(crawl.Command):
    def run(self, args, opts) -> None:
        self.crawlers = []
        super().run(args, opts)
        empty = [
            c.spider.name
            for c in self.crawlers
            if c.spider and not c.stats.get_value("run/reports") and not is_shared(c.settings)
        ]
        if empty and not self.exitcode:
            print(f"no reports from: {', '.join(empty)}", file=sys.stderr)
            self.exitcode = 2

    def _create_crawler(self, spidercls):
        crawler = super()._create_crawler(spidercls)
        self.crawlers.append(crawler)
        return crawler
