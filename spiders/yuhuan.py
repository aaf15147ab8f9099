from spiders.platforms import HanwebSpider


class YuhuanSpider(HanwebSpider):
    """玉环市: the government's 年报 column (with townships) and the departments' column."""

    name = "yuhuan"
    allowed_domains = ["yuhuan.gov.cn"]
    start_urls = [
        "http://www.yuhuan.gov.cn/col/col1229486935/index.html",
        "http://www.yuhuan.gov.cn/col/col1229486936/index.html",
    ]
    division = {
        "region": "玉环市",
        "level": "county",
        "division_code": "331083",
        "region_path": ["浙江省", "台州市", "玉环市"],
    }
