"""大汉 Hanweb JCMS replica: /col/col{N}/ columns with a <datastore> island, dataproxy.jsp paging,
/art/YYYY/M/D/art_{col}_{id}.html (or Jiangsu's /art/YYYY/art_{32hex}.html) details in the old
table template or the newer div template, reports behind the 信息公开 module's
xxgkAnnualReport.jsp?fbtime=&area=, and attachments behind /module/download/downfile.jsp, which
302-redirects to /attach/0/{file}."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlsplit

from govreports.replicas.content import ReplicaReport
from govreports.replicas.site import (
    ATTACHMENT_TYPES,
    FONT_SIZER,
    TOOLBAR,
    ReplicaRequest,
    ReplicaResponse,
    ReplicaSite,
    chrome_page,
    html_response,
)

PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
DOWNFILE_PATH = "/module/download/downfile.jsp"
ANNUAL_REPORT_PATH = "/module/xxgk/xxgkAnnualReport.jsp"  # one unit's report for one year
GENERATOR = '<meta name="Generator" content="大汉版通"><meta name="Author" content="大汉网络">'
HANWEB_CREDIT = '<a href="http://www.hanweb.com" style="display:none">Produced By 大汉网络 大汉版通发布系统</a>'


@dataclass
class HanwebColumn:
    col_id: int
    name: str
    unit_id: int
    per_page: int = 5
    group_size: int = 3
    escaped: bool = False  # some sites HTML-escape records instead of using CDATA
    page_links: bool = False  # a static pager of ?uid=&pageNum= links, which the server ignores
    docs: list[ReplicaReport] = field(default_factory=list)


class HanwebSite(ReplicaSite):
    """Subclasses set ``host``, ``web_id``, ``directory_col`` and fill ``columns`` in ``build()``."""

    validators = ("etag",)  # JCMS sends ETag on article pages

    web_id = 1
    directory_col = 0
    new_template_from_year = 9999  # reports of later years use the div-based detail template
    mirror_host = ""  # a spam mirror the home page links to (never to be followed)

    def __init__(self) -> None:
        self.columns: list[HanwebColumn] = []
        super().__init__()

    def art_url(self, col: HanwebColumn):
        def url_for(date: dt.date) -> str:
            return f"http://{self.host}/art/{date.year}/{date.month}/{date.day}/art_{col.col_id}_{self.new_id()}.html"

        return url_for

    def hex_art_url(self, col: HanwebColumn):
        """The newer Jiangsu URL template: /art/{year}/art_{32hex}.html."""

        def url_for(date: dt.date) -> str:
            return f"http://{self.host}/art/{date.year}/art_{hashlib.md5(str(self.new_id()).encode()).hexdigest()}.html"

        return url_for

    def annual_report_url(self, area: str):
        """Reports listed by the 信息公开 module's per-unit, per-year endpoint."""

        def url_for(date: dt.date) -> str:
            return f"http://{self.host}{ANNUAL_REPORT_PATH}?fbtime={date.year - 1}&area={area}"

        return url_for

    def downfile(self, doc: ReplicaReport, kind: str) -> tuple[str, str]:
        """(the download link for a file of ``doc``, the /attach/ path it redirects to)."""
        name = f"{hashlib.md5(doc.url.encode()).hexdigest()}.{ATTACHMENT_TYPES[kind][0]}"
        return f"http://{self.host}{DOWNFILE_PATH}?classid=0&filename={name}", f"/attach/0/{name}"

    # -- pages ----------------------------------------------------------------------------
    def page(self, request: ReplicaRequest) -> ReplicaResponse | None:
        path = request.path
        if path in ("/", "/index.html"):
            return html_response(self.home_page())
        if path == PROXY_PATH:
            return self.dataproxy(request)
        if path == ANNUAL_REPORT_PATH:
            doc = self._by_path().get(f"{path}?fbtime={request.query.get('fbtime')}&area={request.query.get('area')}")
            return html_response(self.detail_page(doc), doc.encoding) if doc is not None else None
        if path == DOWNFILE_PATH:
            target = f"/attach/0/{request.query.get('filename', '')}"
            return ReplicaResponse(302, b"", "text/html", {"Location": target}) if target in self.files else None
        for col in self.columns:
            if path == f"/col/col{col.col_id}/index.html":
                return html_response(self.column_page(col))
        if path == f"/col/col{self.directory_col}/index.html":
            return html_response(self.directory_page())
        doc = self.document_by_path(path)
        if doc is not None and "attachment" not in doc.extra:
            return html_response(self.detail_page(doc), doc.encoding)
        return self.file(path)

    def _by_path(self) -> dict[str, ReplicaReport]:
        # Reports behind the annual-report endpoint differ only in their query.
        keys = {}
        for doc in self.documents:
            parts = urlsplit(doc.url)
            keys[parts.path + (f"?{parts.query}" if parts.path == ANNUAL_REPORT_PATH else "")] = doc
        return keys

    def nav(self) -> str:
        return f'<a href="/col/col{self.directory_col}/index.html">政府信息公开</a> '

    def home_page(self) -> str:
        news = "".join(f'<li><a href="#">{escape(self.site_name)}召开常务会议（第{n}次）</a></li>' for n in range(1, 6))
        main = f'<div class="main"><h2>政务动态</h2><ul>{news}</ul></div>'
        if self.mirror_host:  # a spam mirror's copy of the 年报 column, linked from a friendly-links box
            main += (
                f'<div class="yqlj"><a href="http://{self.mirror_host}/col/col1/index.html">政府信息公开年报</a></div>'
            )
        return chrome_page(self.site_name, self.site_name, main, breadcrumb="首页", head=GENERATOR, nav=self.nav())

    def directory_page(self) -> str:
        links = "".join(
            f'<li><a href="/col/col{c.col_id}/index.html" target="_blank">{escape(c.name)}</a></li>'
            for c in self.columns
        )
        main = (
            '<div class="xxgk_nav"><ul><li><a href="#">政府信息公开指南</a></li><li><a href="#">政府信息公开制度</a></li>'
            f'<li><a href="#">法定主动公开内容</a></li></ul><h3>政府信息公开年报</h3><ul class="nb">{links}</ul></div>'
        )
        return chrome_page(
            self.site_name,
            f"政府信息公开_{self.site_name}",
            main,
            breadcrumb="政府信息公开",
            head=GENERATOR,
            nav=self.nav(),
        )

    def record(self, doc: ReplicaReport, escaped: bool) -> str:
        li = (
            f'<li><a href="{doc.extra.get("list_href", doc.url)}" title="{escape(doc.title)}" target="_blank">'
            f"{escape(doc.title)}</a><span>{doc.publish_date.year}-\n{doc.publish_date.month:02d}-\n"
            f"{doc.publish_date.day:02d}</span></li>"
        )
        return f"<record>{escape(li)}</record>" if escaped else f"<record><![CDATA[{li}]]></record>"

    def column_page(self, col: HanwebColumn) -> str:
        first_group = col.docs[: col.per_page * col.group_size]
        params = (
            f"appid=1&webid={self.web_id}&path=/&columnid={col.col_id}&unitid={col.unit_id}"
            f"&webname={self.site_name}&permissiontype=0"
        )
        island = (
            f'<div id="{col.unit_id}"><script type="text/xml"><datastore>'
            f'<nextgroup><![CDATA[<a href="{PROXY_PATH}?page=1&{params}"></a>]]></nextgroup><recordset>'
            + "".join(self.record(d, col.escaped) for d in first_group)
            + "</recordset></datastore></script></div>"
        )
        init = (
            f"<script>$(function(){{ $('#{col.unit_id}').jpage({{ totalRecord: {len(col.docs)}, perPage: {col.per_page}, "
            f"groupSize: {col.group_size}, proxyUrl: '{PROXY_PATH}', dataStore: $('#{col.unit_id} datastore'), "
            f"ajaxParam: {{ col:1, appid:'1', webid:{self.web_id}, path:'/', columnid:{col.col_id}, "
            f"unitid:'{col.unit_id}', webname:'{self.site_name}', permissiontype:0 }} }}); }});</script>"
        )
        pager = ""
        if col.page_links:  # links a browser never follows (jpage intercepts them); the server ignores them
            pager = "".join(
                f'<a href="?uid={col.unit_id}&amp;pageNum={n}">{n}</a> '
                for n in range(1, -(-len(col.docs) // col.per_page) + 1)
            )
            pager = f'<div class="default_pgContainer">{pager}</div>'
        main = f'<div class="main"><h2>{escape(col.name)}</h2><div class="xxgk_list">{island}</div>{pager}{init}</div>'
        head = GENERATOR + f'<meta name="ColumnName" content="{escape(col.name)}">'
        return chrome_page(
            self.site_name,
            f"{col.name}_{self.site_name}",
            main,
            breadcrumb=f"政府信息公开 &gt; {escape(col.name)}",
            head=head,
            nav=self.nav(),
        )

    def dataproxy(self, request: ReplicaRequest) -> ReplicaResponse:
        """startrecord/endrecord/perpage (query or form), or page= (GET); XML with totalrecord."""
        params = {**request.query, **request.form}
        col = next((c for c in self.columns if str(c.col_id) == params.get("columnid")), None)
        if col is None:
            return ReplicaResponse(
                200,
                b'<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>0</totalrecord>'
                b"<recordset></recordset></datastore>",
                "text/xml; charset=utf-8",
            )
        per_page = int(params.get("perpage") or col.per_page)
        if "startrecord" in params:
            start = int(params["startrecord"])
            end = int(params.get("endrecord") or start + per_page - 1)
        else:
            page = int(params.get("page") or 1)
            start, end = (page - 1) * per_page + 1, page * per_page
        records = "".join(self.record(d, col.escaped) for d in col.docs[max(start - 1, 0) : end])
        xml = (
            f'<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>{len(col.docs)}</totalrecord>'
            f"<recordset>{records}</recordset></datastore>"
        )
        return ReplicaResponse(200, xml.encode("utf-8"), "text/xml; charset=utf-8")

    def detail_page(self, doc: ReplicaReport) -> str:
        date = doc.publish_date.isoformat()
        head = (
            GENERATOR + f'<meta name="ArticleTitle" content="{escape(doc.title)}">'
            f'<meta name="PubDate" content="{date} 09:30"><meta name="ContentSource" content="{escape(doc.source)}">'
            '<meta name="ColumnName" content="政府信息公开年报">'
        )
        if doc.year and doc.year >= self.new_template_from_year:
            main = (
                f'<div class="article"><h1 class="art-title">{escape(doc.title)}</h1>'
                f'<div class="art-info">•发布时间：{date} •信息来源：{escape(doc.source)} •浏览次数：<span>{doc.year % 300}</span> '
                f'•<a href="javascript:window.print()">打印</a></div>'
                '<table class="xxgk_table">'
                f"<tr><td>索&nbsp;引&nbsp;号：</td><td>{self.web_id:09d}/{doc.publish_date.year}-{doc.year % 97:05d}</td>"
                "<td>公开方式：</td><td>主动公开</td></tr>"
                f"<tr><td>发布机构：</td><td>{escape(doc.source)}</td><td>发布日期：</td><td>{date}</td></tr>"
                f'<tr><td>标&nbsp;&nbsp;&nbsp;&nbsp;题：</td><td colspan="3">{escape(doc.title)}</td></tr></table>'
                f'<div id="zoom">{doc.body_html}</div>{TOOLBAR}</div>'
            )
        else:
            main = (
                '<table class="main" width="1000">'
                f'<tr><td class="title">{escape(doc.title)}</td></tr>'
                f'<tr><td class="info">发布日期：{date} 信息来源：{escape(doc.source)} {FONT_SIZER}</td></tr>'
                f'<tr><td><div id="zoom">{doc.body_html}</div></td></tr>'
                f"<tr><td>{TOOLBAR}</td></tr></table>"
            )
        return chrome_page(
            self.site_name,
            f"{doc.title}_{self.site_name}",
            main + HANWEB_CREDIT,
            breadcrumb="政府信息公开 &gt; 政府信息公开年报",
            head=head,
            encoding=doc.encoding,
            nav=self.nav(),
        )
