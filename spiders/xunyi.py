from spiders.platforms import VsbSpider


class XunyiSpider(VsbSpider):
    """旬邑县: the government's column (with townships) and the departments' column."""

    name = "xunyi"
    allowed_domains = ["xunyi.gov.cn"]
    start_urls = [
        "http://www.xunyi.gov.cn/zfxxgk/zfxxgknb.htm",
        "http://www.xunyi.gov.cn/zfxxgk/bmxxgknb.htm",
    ]
    division = {
        "region": "旬邑县",
        "level": "county",
        "division_code": "610429",
        "region_path": ["陕西省", "咸阳市", "旬邑县"],
    }
