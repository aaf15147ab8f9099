from spiders.platforms import HanwebSpider


class HaiyanSpider(HanwebSpider, site="haiyan"):
    """海盐县: one 年报 column per unit, all linked from the 政府信息公开 directory.
    Name, start URLs, domains, division and politeness: its row in govreports/sites.toml."""
