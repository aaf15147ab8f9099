"""博达 VSB / WebBuilder replica: a column's newest page is ``{col}.htm``, older pages count down
``{col}/{N}.htm`` … ``{col}/1.htm`` (the oldest), details ``/info/{tree}/{news}.htm`` (also served
as their JSP twin ``/content.jsp?urltype=news.NewsContentUrl&wbtreeid=&wbnewsid=``) in
``#vsb_content``, and attachments behind ``/system/_content/download.jsp`` that answer with an
HTML error page unless the request carries a Referer from the site."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from govreports.replicas.content import ReplicaReport
from govreports.replicas.site import (
    ATTACHMENT_TYPES,
    TOOLBAR,
    Paged,
    ReplicaRequest,
    ReplicaResponse,
    ReplicaSite,
    chrome_page,
    html_response,
)

DOWNLOAD_PATH = "/system/_content/download.jsp"
GENERATOR = '<meta name="generator" content="Visual SiteBuilder 9">'
# What the server says to a download without a Referer (a 200 HTML page, not an error status).
NO_REFERER_PAGE = (
    '<html><head><meta charset="utf-8"><title>提示</title></head>'
    "<body><script>alert('非法下载！');history.back();</script>非法下载</body></html>"
)


@dataclass
class VsbColumn(Paged):
    """One list column: ``path`` is its newest page, e.g. /zfxxgk/zfxxgknb.htm."""

    path: str
    name: str
    tree_id: int
    per_page: int = 8
    jsp_twins: bool = False  # every other row links the report's JSP twin (content.jsp?…)
    docs: list[ReplicaReport] = field(default_factory=list)

    def page_path(self, index: int) -> str:
        """Page ``index`` counted from the newest (0): ``{col}.htm``, then ``{col}/{count-index}.htm``."""
        return self.path if index == 0 else f"{self.path[:-4]}/{self.page_count() - index}.htm"


class VsbSite(ReplicaSite):
    """Subclasses set ``host`` and fill ``columns`` in ``build()``."""

    validators = ("last-modified",)

    def __init__(self) -> None:
        self.columns: list[VsbColumn] = []
        self._downloads: dict[str, str] = {}  # wbfileid → the file's path in ``files``
        super().__init__()
        # Path → (column, page index), once: the columns are complete after build(), and a
        # provincial portal (govreports bench) has thousands of list pages.
        self._list_pages = {c.page_path(i): (c, i) for c in self.columns for i in range(c.page_count())}

    def info_url(self, column: VsbColumn):
        def url_for(date) -> str:
            return f"http://{self.host}/info/{column.tree_id}/{self.new_id()}.htm"

        return url_for

    def download_link(self, doc: ReplicaReport, kind: str) -> tuple[str, str]:
        """(the download.jsp URL of a file of ``doc``, the internal path its bytes are kept at)."""
        file_id = str(self.new_id())
        path = f"/__files/{file_id}.{ATTACHMENT_TYPES[kind][0]}"
        self._downloads[file_id] = path
        return (
            f"http://{self.host}{DOWNLOAD_PATH}?urltype=news.DownloadAttachUrl&owner=1429{file_id[-3:]}&wbfileid={file_id}",
            path,
        )

    # -- pages ----------------------------------------------------------------------------
    def page(self, request: ReplicaRequest) -> ReplicaResponse | None:
        path = request.path
        if path in ("/", "/index.htm"):
            return html_response(self.home_page())
        if path == DOWNLOAD_PATH:
            return self.download(request)
        if path in self._list_pages:
            return html_response(self.list_page(*self._list_pages[path]))
        if path == "/content.jsp":  # the JSP twin of /info/{tree}/{news}.htm
            path = f"/info/{request.query.get('wbtreeid')}/{request.query.get('wbnewsid')}.htm"
        doc = self.document_by_path(path)
        if doc is not None and "attachment" not in doc.extra:
            return html_response(self.detail_page(doc), doc.encoding)
        return None

    def download(self, request: ReplicaRequest) -> ReplicaResponse | None:
        stored = self._downloads.get(request.query.get("wbfileid", ""))
        if stored is None:
            return None
        referer = request.headers.get("Referer") or request.headers.get("referer") or ""
        if f"//{self.host}/" not in referer:
            return html_response(NO_REFERER_PAGE)
        return self.file(stored)

    def home_page(self) -> str:
        links = "".join(f'<li><a href="{c.path}">{escape(c.name)}</a></li>' for c in self.columns)
        main = f'<div class="main"><h3>政府信息公开年报</h3><ul>{links}</ul></div>'
        return chrome_page(self.site_name, self.site_name, main, breadcrumb="首页", head=GENERATOR)

    def list_page(self, column: VsbColumn, index: int) -> str:
        docs = column.docs[index * column.per_page : (index + 1) * column.per_page]
        depth = "../" * (column.page_path(index).count("/") - 1)  # links are relative to the page
        rows = []
        for doc in docs:
            href = doc.url.split(self.host, 1)[1]
            if href.startswith("/info/") and column.jsp_twins and len(rows) % 2:
                tree, news = href[6:-4].split("/")
                href = f"/content.jsp?urltype=news.NewsContentUrl&wbtreeid={tree}&wbnewsid={news}"
            elif not href.startswith(DOWNLOAD_PATH):
                href = depth + href.lstrip("/")
            rows.append(
                f'<li id="line_u8_{len(rows)}"><a href="{escape(href)}" target="_blank" title="{escape(doc.title)}">'
                f"{escape(doc.title)}</a><span>{doc.publish_date.isoformat()}</span></li>"
            )
        pages, current = column.page_count(), index + 1
        name = column.path.rsplit("/", 1)[1][:-4]

        def link(k: int) -> str:  # page k (1 = newest), relative to this page
            if k == 1:
                return f"../{name}.htm" if index else f"{name}.htm"
            return f"{pages - k + 1}.htm" if index else f"{name}/{pages - k + 1}.htm"

        nav = [f"共{len(column.docs)}条&nbsp;&nbsp;{current}/{pages}&nbsp;"]
        if current > 1:
            nav += [f'<a href="{link(1)}">首页</a>', f'<a href="{link(current - 1)}" class="Prev">上页</a>']
        if current < pages:
            nav += [f'<a href="{link(current + 1)}" class="Next">下页</a>', f'<a href="{link(pages)}">尾页</a>']
        main = (
            f'<div class="main"><h2>{escape(column.name)}</h2><ul class="list">{"".join(rows)}</ul>'
            f'<div class="pb_sys_common pb_sys_normal pb_sys_style1"><span class="p_pages">{" ".join(nav)}</span></div></div>'
        )
        return chrome_page(
            self.site_name,
            f"{column.name}-{self.site_name}",
            main,
            breadcrumb=f"政府信息公开 &gt; {escape(column.name)}",
            head=GENERATOR,
        )

    def detail_page(self, doc: ReplicaReport) -> str:
        news_id = doc.url.rsplit("/", 1)[1][:-4]
        strip = (
            f'<div class="xl_info">发布机构：{escape(doc.source)}&nbsp;&nbsp;'
            f"索引号：{news_id[-6:].zfill(6)}/{doc.publish_date.year}-{news_id}&nbsp;&nbsp;"
            f"时间：{doc.publish_date.isoformat()}</div>"
        )
        main = (
            f'<form name="_newscontent_fromname"><div class="xl_title"><h1>{escape(doc.title)}</h1></div>{strip}'
            f'<div id="vsb_content"><div class="v_news_content">{doc.body_html}</div></div>{TOOLBAR}</form>'
        )
        return chrome_page(
            self.site_name,
            f"{doc.title}-{self.site_name}",
            main,
            breadcrumb="政府信息公开 &gt; 政府信息公开年报",
            head=GENERATOR,
            encoding=doc.encoding,
        )
