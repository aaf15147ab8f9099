from spiders.platforms import LabelSpider


class HuainingSpider(LabelSpider, site="huaining"):
    """怀宁县: the 信息公开 directory of organs (政府, 部门, 乡镇), each with its own 年报 category.
    Name, start URLs, domains, division and politeness: its row in govreports/sites.toml."""
