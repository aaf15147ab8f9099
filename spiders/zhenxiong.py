from spiders.platforms import TrsSpider


class ZhenxiongSpider(TrsSpider, site="zhenxiong"):
    """镇雄县: one 年报 tree, by unit and by year; each report is read once.
    Name, start URLs, domains, division and politeness: its row in govreports/sites.toml."""
