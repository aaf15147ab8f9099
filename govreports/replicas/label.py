"""安徽-style "public/column" 信息公开 platform replica: a unit directory; each unit's own page of
categories; 年报 list pages that are script shells whose rows come as an HTML fragment from
``/site/label/8888?labelName=publicInfoList&…&pageIndex=N`` (the shell states ``pageCount:N``);
details ``/public/{organId}/{infoId}.html`` with an 索引号/发布机构/发文日期/文号/主题分类 table, in the
usual template or Epoint's ``#symbol`` / ``ewb-article-detail`` one."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from govreports.replicas.content import ReplicaReport
from govreports.replicas.site import (
    TOOLBAR,
    Paged,
    ReplicaRequest,
    ReplicaResponse,
    ReplicaSite,
    chrome_page,
    html_response,
)

LABEL_PATH = "/site/label/8888"
DIRECTORY_PATH = "/xxgk/index.html"


@dataclass
class LabelUnit(Paged):
    """One organ's node: ``organ_id``, its 年报 category ``cat_id``; ``nested`` puts the 年报 under
    法定主动公开内容 instead of at the top of the unit's categories; ``epoint`` renders its details in
    Epoint's template."""

    organ_id: int
    name: str
    cat_id: int
    group: str  # 政府, 部门 or 乡镇
    nested: bool = False
    epoint: bool = False
    per_page: int = 5
    docs: list[ReplicaReport] = field(default_factory=list)


class LabelSite(ReplicaSite):
    """Subclasses set ``host`` (the xxgk subdomain; ``other_hosts`` holds the portal's www host),
    ``site_id`` and fill ``units`` in ``build()``."""

    site_id = 0

    def __init__(self) -> None:
        self.units: list[LabelUnit] = []
        super().__init__()

    def info_url(self, unit: LabelUnit):
        def url_for(date) -> str:
            return f"http://{self.host}/public/{unit.organ_id}/{self.new_id() * 7}.html"

        return url_for

    def column_href(self, unit: LabelUnit, cat_id: int | None = None) -> str:
        if cat_id is None:  # the unit's own page of categories
            return f"/public/column/{unit.organ_id}?type=2&nav=1"
        return f"/public/column/{unit.organ_id}?type=4&catId={cat_id}&action=list&nav=3"

    def unit_by_organ(self, organ: str) -> LabelUnit | None:
        return next((u for u in self.units if str(u.organ_id) == organ), None)

    # -- pages ----------------------------------------------------------------------------
    def page(self, request: ReplicaRequest) -> ReplicaResponse | None:
        path = request.path
        if path in ("/", "/index.html"):
            return html_response(self.home_page())
        if path == DIRECTORY_PATH:
            return html_response(self.directory_page())
        if path == LABEL_PATH:
            return self.label(request)
        if path.startswith("/public/column/"):
            unit = self.unit_by_organ(path.rsplit("/", 1)[1])
            if unit is None:
                return None
            if request.query.get("type") == "4" and request.query.get("catId") == str(unit.cat_id):
                return html_response(self.list_shell(unit))
            return html_response(self.unit_page(unit))
        doc = self.document_by_path(path)
        if doc is not None:
            return html_response(self.detail_page(doc), doc.encoding)
        return None

    def home_page(self) -> str:
        # The portal's home links the 信息公开 platform on its own subdomain (``host``).
        main = f'<div class="main"><h2>政务公开</h2><ul><li><a href="http://{self.host}{DIRECTORY_PATH}">政府信息公开</a></li></ul></div>'
        return chrome_page(self.site_name, self.site_name, main, breadcrumb="首页")

    def directory_page(self) -> str:
        groups = []
        for group in ("政府", "部门", "乡镇"):
            links = "".join(
                f'<li><a href="{self.column_href(u)}" title="{escape(u.name)}">{escape(u.name)}</a></li>'
                for u in self.units
                if u.group == group
            )
            groups.append(f'<div class="organ-group"><h3>{group}信息公开</h3><ul>{links}</ul></div>')
        main = f'<div class="xxgk-directory">{"".join(groups)}</div>'
        return chrome_page(self.site_name, f"政府信息公开_{self.site_name}", main, breadcrumb="政府信息公开")

    def unit_page(self, unit: LabelUnit) -> str:
        report = f'<li><a href="{self.column_href(unit, unit.cat_id)}">政府信息公开年报</a></li>'
        other = "".join(
            f'<li><a href="{self.column_href(unit, unit.cat_id + n)}">{name}</a></li>'
            for n, name in ((1, "机构职能"), (2, "政策文件"), (3, "财政预决算"))
        )
        if unit.nested:  # the 年报 sits inside 法定主动公开内容
            tree = f"<li>法定主动公开内容<ul>{other}{report}</ul></li>"
        else:
            tree = f"<li>法定主动公开内容<ul>{other}</ul></li>{report}"
        main = (
            f'<div class="organ-nav"><h2>{escape(unit.name)}</h2><ul class="catalog">'
            f'<li><a href="{self.column_href(unit, unit.cat_id + 9)}">政府信息公开指南</a></li>'
            f'<li><a href="{self.column_href(unit, unit.cat_id + 10)}">政府信息公开制度</a></li>{tree}</ul></div>'
        )
        return chrome_page(self.site_name, f"{unit.name}_{self.site_name}", main, breadcrumb="政府信息公开")

    def list_shell(self, unit: LabelUnit) -> str:
        """A list page whose rows a script fetches: only the paging numbers are in the page."""
        params = (
            f"IsAjax=1&labelName=publicInfoList&siteId={self.site_id}&pageSize={unit.per_page}&pageIndex=1"
            f"&action=list&isDate=true&dateFormat=yyyy-MM-dd&organId={unit.organ_id}&type=4&catId={unit.cat_id}"
        )
        return (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
            '<div id="publicInfoList"></div><div id="page_list"></div>'
            f"<script>var pageOptions = {{pageCount:{unit.page_count()}, pageIndex:1, pageSize:{unit.per_page}}};\n"
            f"$('#publicInfoList').load('{LABEL_PATH}?{params}');</script></body></html>"
        )

    def label(self, request: ReplicaRequest) -> ReplicaResponse | None:
        params = {**request.query, **request.form}
        unit = self.unit_by_organ(params.get("organId", ""))
        if params.get("labelName") != "publicInfoList" or unit is None or params.get("catId") != str(unit.cat_id):
            return html_response('<ul class="clearfix xxgk_nav_list"></ul>')
        size = int(params.get("pageSize") or unit.per_page)
        index = max(int(params.get("pageIndex") or 1), 1)
        rows = "".join(
            f'<li><a href="{d.url.split(self.host, 1)[1]}" title="{escape(d.title)}" target="_blank">{escape(d.title)}</a>'
            f'<span class="date">{d.publish_date.isoformat()}</span></li>'
            for d in unit.docs[(index - 1) * size : index * size]
        )
        return html_response(f'<ul class="clearfix xxgk_nav_list">{rows}</ul>')

    def detail_page(self, doc: ReplicaReport) -> str:
        organ, info = doc.url.rsplit("/", 2)[1:]
        unit = self.unit_by_organ(organ)
        date = doc.publish_date.isoformat()
        number = f"{organ[-6:]}/{doc.publish_date.year}-{info[:-5].zfill(5)}"
        if unit is not None and unit.epoint:
            main = (
                f'<div class="ewb-article"><h3 class="ewb-article-title">{escape(doc.title)}</h3>'
                # (one span per line, as the template's source is written)
                f'<div id="symbol">\n  <span>索引号：{number}</span>\n  <span>来源：{escape(doc.source)}</span>'
                f"\n  <span>发布日期：{date}</span>\n</div>"
                f'<div class="ewb-article-detail">{doc.body_html}</div>{TOOLBAR}</div>'
            )
        else:
            rows = (
                f"<tr><th>索引号：</th><td>{number}</td><th>主题分类：</th><td>综合政务</td></tr>"
                f"<tr><th>发布机构：</th><td>{escape(doc.source)}</td><th>发文日期：</th><td>{date}</td></tr>"
                f"<tr><th>文号：</th><td></td><th>公开方式：</th><td>主动公开</td></tr>"
            )
            main = (
                f'<div class="div_table"><table class="table_suoyin">{rows}</table></div>'
                f'<h1 class="newstitle">{escape(doc.title)}</h1>'
                f'<div class="wzcon j-fontContent" id="zoom">{doc.body_html}</div>{TOOLBAR}'
            )
        return chrome_page(
            self.site_name,
            f"{doc.title}_{self.site_name}",
            main,
            breadcrumb="政府信息公开 &gt; 政府信息公开年报",
            encoding=doc.encoding,
        )
