"""The constructor every pipeline shares: keep the crawler (for stats and the spider)."""


class CrawlerPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)
