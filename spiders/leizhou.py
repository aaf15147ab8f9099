from spiders.platforms import GkmlptSpider


class LeizhouSpider(GkmlptSpider, site="leizhou"):
    """雷州市: the gkmlpt catalogue's 政府信息公开年报 category.
    Start URLs, domains, division and politeness: its row in govreports/sites.toml."""

    name = "leizhou"
