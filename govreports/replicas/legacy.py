"""A small county's own ASP.NET CMS: every page GBK, declared only in ``<meta>``; lists
``List_zlm.aspx?lmid=N`` paged by ``&page=K`` with a 首页/上一页/下一页/尾页 pager inside a postback
form (``__VIEWSTATE``); details ``Show.aspx?id=N``; files under ``/UploadFiles/{YYYYMM}/``, some
reports published only as a file (one of them a scan)."""

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

VIEWSTATE = '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTM2NjI0OTA0Nw9kFgICAw9kFgQCAQ8WAh4LXyFJdGVtQ291bnQCDxY="/>'


@dataclass
class LegacyColumn(Paged):
    lmid: int
    name: str
    per_page: int = 10
    docs: list[ReplicaReport] = field(default_factory=list)


class LegacySite(ReplicaSite):
    """Subclasses set ``host`` and ``directory_lmid`` and fill ``columns`` in ``build()``."""

    directory_lmid = 0

    def __init__(self) -> None:
        self.columns: list[LegacyColumn] = []
        super().__init__()

    def show_url(self, date) -> str:
        return f"http://{self.host}/Show.aspx?id={self.new_id() * 3}"

    def upload_url(self, doc: ReplicaReport, ext: str) -> str:
        return f"http://{self.host}/UploadFiles/{doc.publish_date:%Y%m}/{doc.publish_date:%Y%m%d}{self.new_id()}.{ext}"

    def _by_path(self) -> dict[str, ReplicaReport]:
        # Details differ only in their query (Show.aspx?id=N): key them by path and query.
        return {doc.url.split(self.host, 1)[1]: doc for doc in self.documents}

    # -- pages ----------------------------------------------------------------------------
    def page(self, request: ReplicaRequest) -> ReplicaResponse | None:
        path, query = request.path, request.query
        if path in ("/", "/index.aspx", "/Index.aspx"):
            return self.gbk(self.home_page())
        if path == "/List_zlm.aspx":
            lmid = query.get("lmid", "")
            if lmid == str(self.directory_lmid):
                return self.gbk(self.directory_page())
            column = next((c for c in self.columns if str(c.lmid) == lmid), None)
            page = int(query.get("page") or 1) if (query.get("page") or "1").isdigit() else 1
            if column is None or not 1 <= page <= column.page_count():
                return None
            return self.gbk(self.list_page(column, page))
        if path == "/Show.aspx":
            doc = self.document_by_path(f"/Show.aspx?id={query.get('id', '')}")
            return self.gbk(self.detail_page(doc)) if doc is not None else None
        return self.file(path)

    @staticmethod
    def gbk(markup: str) -> ReplicaResponse:
        return html_response(markup, "gbk")

    def home_page(self) -> str:
        main = (
            f'<div class="main"><h2>政务公开</h2><ul><li><a href="List_zlm.aspx?lmid={self.directory_lmid}">政务公开</a></li>'
            '<li><a href="List_zlm.aspx?lmid=2700">通知公告</a></li></ul></div>'
        )
        return chrome_page(self.site_name, self.site_name, main, breadcrumb="首页", encoding="gbk")

    def directory_page(self) -> str:
        links = "".join(f'<li><a href="List_zlm.aspx?lmid={c.lmid}">{escape(c.name)}</a></li>' for c in self.columns)
        main = (
            '<div class="main"><h2>政务公开</h2><ul><li><a href="List_zlm.aspx?lmid=2810">政府信息公开指南</a></li>'
            f"{links}</ul></div>"
        )
        return chrome_page(self.site_name, f"政务公开-{self.site_name}", main, breadcrumb="政务公开", encoding="gbk")

    def list_page(self, column: LegacyColumn, page: int) -> str:
        docs = column.docs[(page - 1) * column.per_page : page * column.per_page]
        rows = "".join(
            f'<tr><td class="lb"><a href="{escape(doc.url.split(self.host, 1)[1].lstrip("/"))}" target="_blank">'
            f'{escape(doc.title)}</a></td><td class="rq">[{doc.publish_date.isoformat()}]</td></tr>'
            for doc in docs
        )
        last = column.page_count()

        def link(k: int, text: str) -> str:
            return f'<a href="List_zlm.aspx?lmid={column.lmid}&amp;page={k}">{text}</a>'

        pager = [f"第{page}/{last}页"]
        if page > 1:
            pager += [link(1, "首页"), link(page - 1, "上一页")]
        if page < last:
            pager += [link(page + 1, "下一页"), link(last, "尾页")]
        main = (
            f'<form name="form1" method="post" action="List_zlm.aspx?lmid={column.lmid}" id="form1">{VIEWSTATE}'
            f'<table class="list" width="100%">{rows}</table><div class="pager">{" ".join(pager)}</div></form>'
        )
        return chrome_page(
            self.site_name, f"{column.name}-{self.site_name}", main, breadcrumb=escape(column.name), encoding="gbk"
        )

    def detail_page(self, doc: ReplicaReport) -> str:
        main = (
            f'<table width="100%"><tr><td class="title" align="center">{escape(doc.title)}</td></tr>'
            f'<tr><td class="info">发布时间：{doc.publish_date.isoformat()}&nbsp;&nbsp;来源：{escape(doc.source)}</td></tr>'
            f'<tr><td><div id="content">{doc.body_html}</div></td></tr></table>{TOOLBAR}'
        )
        return chrome_page(self.site_name, f"{doc.title}-{self.site_name}", main, breadcrumb="政务公开", encoding="gbk")
