from spiders.platforms import LegacySpider


class WeiyuanSpider(LegacySpider, site="weiyuan"):
    """渭源县: its own ASP.NET CMS; the 政务公开 directory links the 年报 lists.
    Name, start URLs, domains, division and politeness: its row in govreports/sites.toml."""
