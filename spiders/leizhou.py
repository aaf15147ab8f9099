from spiders.platforms import GkmlptSpider


class LeizhouSpider(GkmlptSpider):
    """雷州市: the gkmlpt catalogue's 政府信息公开年报 category."""

    name = "leizhou"
    allowed_domains = ["leizhou.gov.cn"]
    start_urls = ["http://www.leizhou.gov.cn/gkmlpt/index"]
    division = {
        "region": "雷州市",
        "level": "county",
        "division_code": "440882",
        "region_path": ["广东省", "湛江市", "雷州市"],
    }
