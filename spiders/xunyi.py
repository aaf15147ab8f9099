from spiders.platforms import VsbSpider


class XunyiSpider(VsbSpider, site="xunyi"):
    """旬邑县: the government's column (with townships) and the departments' column.
    Name, start URLs, domains, division and politeness: its row in govreports/sites.toml."""
