from spiders.platforms import TrsSpider


class GaopingSpider(TrsSpider, site="gaoping"):
    """高平市: the xxgk platform's unit directory links each unit's zfxxgknb/ list.
    Name, start URLs, domains, division and politeness: its row in govreports/sites.toml."""
