from spiders.platforms import TrsSpider


class GaopingSpider(TrsSpider):
    """高平市: the xxgk platform's unit directory links each unit's zfxxgknb/ list."""

    name = "gaoping"
    allowed_domains = ["xxgk.sxgp.gov.cn"]
    start_urls = ["http://xxgk.sxgp.gov.cn/"]
    list_link_pattern = r"/zfxxgknb/$"
    division = {
        "region": "高平市",
        "level": "county",
        "division_code": "140581",
        "region_path": ["山西省", "晋城市", "高平市"],
    }
