from spiders.platforms import TrsSpider


class MengziSpider(TrsSpider):
    """蒙自市: its reports are on the 红河州 portal, in by-year folders shared with other counties."""

    name = "mengzi"
    allowed_domains = ["hh.gov.cn"]
    start_urls = ["http://www.hh.gov.cn/zfxxgk/xxgkndbg/"]
    list_link_pattern = r"/xxgkndbg/andfl/\d{4}n\d+/$"
    title_must_contain = ("蒙自",)
    site_overrides = {
        "CONCURRENT_REQUESTS_PER_DOMAIN": (1, "one prefecture server hosts all 13 红河 counties' reports"),
    }
    division = {
        "region": "蒙自市",
        "level": "county",
        "division_code": "532503",
        "region_path": ["云南省", "红河哈尼族彝族自治州", "蒙自市"],
    }
