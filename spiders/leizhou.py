from spiders.platforms import GkmlptSpider


class LeizhouSpider(GkmlptSpider, site="leizhou"):
    """雷州市: the gkmlpt catalogue's 政府信息公开年报 category.
    Name, start URLs, domains, division and politeness: its row in govreports/sites.toml."""
