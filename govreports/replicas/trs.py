"""拓尔思 TRS-style replica: static list directories paged by createPageHTML (index.html, index_1.html …),
relative ./YYYYMM/tYYYYMMDD_ID.shtml detail links, TRS_Editor bodies with a 发布时间 strip. A list may
instead publish only its first page as HTML, its script asking the portal's search service
(``/ssp/search/api/apiSearch``, JSON) for the others, as 福建's provincial template does."""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlsplit

from govreports.replicas.content import ReplicaReport
from govreports.replicas.site import (
    ATTACHMENT_TYPES,
    TOOLBAR,
    Paged,
    ReplicaRequest,
    ReplicaResponse,
    ReplicaSite,
    charset_meta,
    chrome_page,
    html_response,
)

STUB_PAGE = '<html><head><title></title></head><body><div class="list"></div></body></html>'
SEARCH_API = "/ssp/search/api/apiSearch"


@dataclass
class TrsList(Paged):
    """One list directory, e.g. /gzbm/zfbgs/zfxxgknb/ (a unit's 年报) or /…/andfl/2019n1/ (a year)."""

    path: str
    name: str
    per_page: int = 20
    ext: str = "shtml"
    five_arg_pager: bool = False  # Beijing-style createPageHTML(total, pages, current, "index", ext)
    wap_twins: bool = False  # every other row links the report's mobile twin (…_wap.shtml)
    channel_id: int = 0  # set: pages after the first come from the search service, for this channel
    docs: list[ReplicaReport] = field(default_factory=list)

    def page_path(self, k: int) -> str:
        return self.path + ("index" if k == 0 else f"index_{k}") + f".{self.ext}"


class TrsSite(ReplicaSite):
    """Subclasses set ``host`` and fill ``lists`` in ``build()``; ``home_links`` lists the entry pages."""

    detail_title = "Document"  # many TRS detail pages carry no useful <title>
    editor_class = "TRS_Editor"  # newer templates: trs_editor_view

    def __init__(self) -> None:
        self.lists: list[TrsList] = []
        super().__init__()

    def detail_url(self, lst: TrsList, url_date: dt.date | None = None):
        def url_for(date: dt.date) -> str:
            d = url_date or date
            return f"http://{self.host}{lst.path}{d:%Y%m}/t{d:%Y%m%d}_{self.new_id() * 101}.{lst.ext}"

        return url_for

    def attachment_url(self, doc: ReplicaReport, kind: str) -> str:
        """Where TRS puts a file in ``doc``'s month folder: ``P0….pdf``, or ``W0….docx`` for Word."""
        folder, name = doc.url.rsplit("/", 1)
        stamp, number = re.match(r"t(\d{8})_(\d+)", name).groups()
        prefix = "W" if ATTACHMENT_TYPES[kind][0].startswith("doc") else "P"
        return f"{folder}/{prefix}0{stamp}{number}.{ATTACHMENT_TYPES[kind][0]}"

    def sort_lists(self) -> None:
        for lst in self.lists:
            lst.docs.sort(key=lambda d: d.publish_date, reverse=True)

    # -- pages ----------------------------------------------------------------------------
    def page(self, request: ReplicaRequest) -> ReplicaResponse | None:
        path = request.path
        if path in ("/", "/index.html", "/index.shtml"):
            return html_response(self.home_page())
        for lst in self.lists:
            if path in (lst.path, lst.path + f"index.{lst.ext}"):
                return html_response(self.list_page(lst, 0))
            if path.startswith(lst.path + "index_") and path.endswith("." + lst.ext):
                k = path[len(lst.path) + 6 : -len(lst.ext) - 1]
                if k.isdigit():
                    k = int(k)
                    # Past the last page real sites leave a ~350-byte stub, not a 404.
                    return html_response(self.list_page(lst, k) if k < lst.page_count() else STUB_PAGE)
        if path == SEARCH_API:
            return self.search_service(request)
        extra = self.extra_page(path)
        if extra is not None:
            return html_response(extra)
        doc = self.document_by_path(path)
        if doc is not None and "attachment" not in doc.extra:
            return html_response(self.detail_page(doc), doc.encoding)
        twin = self.document_by_path(re.sub(r"_wap(\.s?html?)$", r"\1", path)) if "_wap." in path else None
        if twin is not None and "attachment" not in twin.extra:
            return html_response(self.mobile_page(twin), twin.encoding)
        return self.file(path)

    def extra_page(self, path: str) -> str | None:
        return None

    def home_links(self) -> str:
        return "".join(f'<li><a href="{lst.path}">{escape(lst.name)}</a></li>' for lst in self.lists)

    def home_page(self) -> str:
        main = (
            f'<div class="xxgk_navs"><h3>政府信息公开</h3><ul><li><a href="#">政府信息公开指南</a></li>'
            f'<li><a href="#">政府信息公开制度</a></li></ul><h3>政府信息公开年报</h3><ul>{self.home_links()}</ul></div>'
        )
        return chrome_page(self.site_name, self.site_name, main, breadcrumb="政府信息公开")

    def list_page(self, lst: TrsList, k: int) -> str:
        docs = lst.docs[k * lst.per_page : (k + 1) * lst.per_page]
        items = []
        for n, doc in enumerate(docs):
            path = urlsplit(doc.url).path
            # A unit's own list links relatively; a by-year list links across the tree, and links
            # every other report's mobile twin (as lists built for both skins do).
            href = "./" + path[len(lst.path) :] if path.startswith(lst.path) else path
            if lst.wap_twins and n % 2:
                href = re.sub(r"(\.s?html?)$", r"_wap\1", href)
            item = (
                f'<li><a href="{href}" title="{escape(doc.title)}" target="_blank">{escape(doc.title)}</a>'
                f"<span>{doc.extra.get('list_date', doc.publish_date).isoformat()}</span></li>"
            )
            items.append(item)
        if docs:  # Shanghai-style leftovers: a duplicate row inside an HTML comment
            items.append(f"<!-- {items[0]} -->")
        if lst.channel_id:
            pager = self.search_script(lst)
        elif lst.five_arg_pager:
            pager = f'createPageHTML({len(lst.docs)}, {lst.page_count()}, {k}, "index", "{lst.ext}");'
        else:
            pager = f'var currentPage = {k};\nvar countPage = {lst.page_count()};\ncreatePageHTML(countPage, currentPage, "index", "{lst.ext}");'
        main = (
            f'<div class="main"><h2>{escape(lst.name)}</h2><ul class="list">{"".join(items)}</ul>'
            f'<div class="page"><script>{pager}</script></div></div>'
        )
        return chrome_page(
            self.site_name, f"{lst.name}_{self.site_name}", main, breadcrumb=f"政府信息公开 &gt; {escape(lst.name)}"
        )

    @property
    def search_site_id(self) -> str:
        return f"{zlib.crc32(self.host.encode()):08x}" * 4  # the service's site ids are 32 hex digits

    def search_script(self, lst: TrsList) -> str:
        """The script of a list whose later pages come from the search service (shown by "more")."""
        return (
            f'var siteId = "{self.search_site_id}";\nvar chnlId = "{lst.channel_id}";\nvar pageSize = {lst.per_page};\n'
            "function loadPage(page) {\n  $.ajax({\n"
            f'    url: "{SEARCH_API}", type: "POST", dataType: "json",\n'
            '    data: { siteId: siteId, chnlIdList: chnlId, sortFiled: "-docreltime", isChange: "1",'
            " page: page, rows: pageSize },\n"
            "    success: function (result) { renderList(result.datas, result.page.pagecount); }\n  });\n}"
        )

    def search_service(self, request: ReplicaRequest) -> ReplicaResponse:
        """The search service listing one channel: ``page`` (from 1) of ``rows``, newest first, JSON."""
        params = {**request.query, **request.form}
        lst = next((x for x in self.lists if x.channel_id and str(x.channel_id) == params.get("chnlIdList")), None)
        if lst is None or params.get("siteId") != self.search_site_id:
            body = {"result": False, "page": {"pagecount": 0, "total": 0}, "datas": []}
        else:
            rows = int(params.get("rows") or lst.per_page)
            page = max(int(params.get("page") or 1), 1)
            docs = lst.docs[(page - 1) * rows : page * rows]
            body = {
                "result": True,
                "page": {"page": page, "rows": rows, "total": len(lst.docs), "pagecount": -(-len(lst.docs) // rows)},
                "datas": [
                    {
                        "_doctitle": doc.title,
                        "docpuburl": doc.url,
                        "docreltime": f"{doc.extra.get('list_date', doc.publish_date).isoformat()} 09:00:00",
                        "puborg": doc.source,
                    }
                    for doc in docs
                ],
            }
        return ReplicaResponse(200, json.dumps(body, ensure_ascii=False).encode(), "application/json;charset=UTF-8")

    def mobile_page(self, doc: ReplicaReport) -> str:
        """The mobile skin of a detail page: no chrome, the text in ``.TRS_Editor`` all the same."""
        return (
            f'<!DOCTYPE html><html><head>{charset_meta(doc.encoding)}<meta name="viewport" content="width=device-width">'
            f'<title>{escape(doc.title)}</title></head><body><div class="m-detail"><h1>{escape(doc.title)}</h1>'
            f'<p class="m-info">{doc.publish_date.isoformat()} {escape(doc.source)}</p>'
            f'<div class="TRS_Editor">{doc.body_html}</div></div></body></html>'
        )

    def detail_page(self, doc: ReplicaReport) -> str:
        stamp = doc.publish_date.isoformat() + (doc.extra.get("time", "") and " " + doc.extra["time"])
        main = (
            f'<div class="detail"><div class="unit">{escape(doc.source)}</div><h1>{escape(doc.title)}</h1>'
            f'<div class="info">发布时间: {stamp} <span>字体:[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</span></div>'
            f'<div class="{self.editor_class}"><div class="Custom_UnionStyle">{doc.body_html}</div></div>{TOOLBAR}</div>'
        )
        return chrome_page(
            self.site_name,
            self.detail_title or doc.title,
            main,
            breadcrumb="政府信息公开 &gt; 政府信息公开年报",
            encoding=doc.encoding,
        )
