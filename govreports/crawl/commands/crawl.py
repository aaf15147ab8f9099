"""``scrapy crawl``, which also fails (exit status 2) when a spider found no reports at all."""

from __future__ import annotations

import sys

from scrapy.commands import crawl
from scrapy.exceptions import UsageError

from govreports.crawl.jobdir import unclean_jobdir
from govreports.crawl.shared_crawl import is_shared


class Command(crawl.Command):
    def run(self, args, opts) -> None:
        self.crawlers = []
        self._check_arguments(args, opts)
        super().run(args, opts)
        empty = [
            c.spider.name
            for c in self.crawlers
            if c.spider and not c.stats.get_value("run/reports") and not is_shared(c.settings)
        ]
        if empty and not self.exitcode:
            print(f"no reports from: {', '.join(empty)}", file=sys.stderr)
            self.exitcode = 2

    def _check_arguments(self, args, opts) -> None:
        """A spider's wrong arguments (-a url=file:///…) are a usage error, said before any crawl
        starts, not an exception inside one."""
        unclean = unclean_jobdir(self.settings)
        if unclean:
            raise UsageError(unclean, print_help=False)
        if len(args) != 1 or self.crawler_process is None:
            return
        try:
            spidercls = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            return  # Scrapy names an unknown spider itself
        check = getattr(spidercls, "check_arguments", None)
        if check is not None:
            try:
                check(**opts.spargs)
            except ValueError as exc:
                raise UsageError(str(exc), print_help=False) from exc

    def _create_crawler(self, spidercls):
        crawler = super()._create_crawler(spidercls)
        self.crawlers.append(crawler)
        return crawler
