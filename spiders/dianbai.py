from spiders.platforms import GkmlptSpider


class DianbaiSpider(GkmlptSpider, site="dianbai"):
    """电白区: the gkmlpt catalogue, and the streets' own NFCMS 年报 columns.
    Name, start URLs, domains, division and politeness: its row in govreports/sites.toml."""
