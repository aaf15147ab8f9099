from spiders.platforms import TrsSpider


class MengziSpider(TrsSpider, site="mengzi"):
    """蒙自市: its reports are on the 红河州 portal, in by-year folders shared with other counties;
    only titles naming 蒙自 are its own.
    Name, start URLs, domains, division and politeness: its row in govreports/sites.toml."""
