from spiders.platforms import HanwebSpider


class HaiyanSpider(HanwebSpider):
    """海盐县: one 年报 column per unit, all linked from the 政府信息公开 directory."""

    name = "haiyan"
    allowed_domains = ["haiyan.gov.cn"]
    start_urls = ["http://www.haiyan.gov.cn/col/col1229441000/index.html"]
    division = {
        "region": "海盐县",
        "level": "county",
        "division_code": "330424",
        "region_path": ["浙江省", "嘉兴市", "海盐县"],
    }
