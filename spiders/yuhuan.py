from spiders.platforms import HanwebSpider


class YuhuanSpider(HanwebSpider, site="yuhuan"):
    """玉环市: the government's 年报 column (with townships) and the departments' column.
    Name, start URLs, domains, division and politeness: its row in govreports/sites.toml."""
