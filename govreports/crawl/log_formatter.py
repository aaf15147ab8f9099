"""Log drops by their reason only: a dropped report's full text would flood the crawl log."""

from scrapy.logformatter import LogFormatter


class ReportLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider=None):
        entry = super().dropped(item, exception, response, spider)
        entry["msg"] = "Dropped: %(exception)s"
        return entry
