from spiders.platforms import HanwebSpider


class SihongSpider(HanwebSpider, site="sihong"):
    """泗洪县: the 政府信息公开 directory links the government's, departments' and 青阳街道's columns.
    Name, start URLs, domains, division and politeness: its row in govreports/sites.toml."""
