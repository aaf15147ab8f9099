"""广东 gkmlpt replica: /gkmlpt/index shell with window._CONFIG{SID, TREE}, the JSON listing API
/gkmlpt/api/all/{cat}?page=&sid= (100 per page, pages 0 and 1 identical), content pages with the
8-field metadata table; and township sub-sites on the NFCMS portal, whose reports are only in
their own column ``/{town}/zwgk/xxgknb/`` (``.news_list``, ``index_N.html``, ``#zoomcon`` details)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from html import escape

from govreports.replicas.content import ReplicaReport
from govreports.replicas.site import (
    ATTACHMENT_TYPES,
    TOOLBAR,
    ReplicaRequest,
    ReplicaResponse,
    ReplicaSite,
    chrome_page,
    html_response,
)

PAGE_SIZE = 100


class GkmlptSite(ReplicaSite):
    """Subclasses set ``host``, ``sid``, ``report_category`` and fill ``documents`` in ``build()``."""

    validators = ("last-modified",)  # NFCMS sends Last-Modified on posts

    sid = ""
    report_category = 0
    other_categories: tuple[tuple[int, str], ...] = ((2700, "机构职能"), (2701, "政策文件"), (2702, "规划计划"))
    nfcms_per_page = 4

    def __init__(self) -> None:
        self.subsites: dict[str, list[ReplicaReport]] = {}  # NFCMS column path → its reports, newest first
        super().__init__()

    def catalogue(self) -> list[ReplicaReport]:
        """What the gkmlpt catalogue lists: everything but the township sub-sites' own reports."""
        return [d for d in self.documents if "nfcms" not in d.extra]

    def move_to_subsite(self, docs: list[ReplicaReport], column: str) -> None:
        """Publish ``docs`` only on a township sub-site's NFCMS column ``column`` (/lzwsz/zwgk/xxgknb/)."""
        for doc in docs:
            post = self.new_id() * 1013
            doc.url = f"http://{self.host}{column}content/post_{post}.html"
            doc.extra["nfcms"] = column
        self.subsites[column] = sorted(docs, key=lambda d: d.publish_date, reverse=True)

    def content_url(self, date: dt.date) -> str:
        post = self.new_id() * 1009
        return f"http://{self.host}/gkmlpt/content/{post // 1000000}/{post // 1000}/post_{post}.html"

    def attachment_path(self, doc: ReplicaReport, kind: str) -> str:
        """Where gkmlpt keeps a post's file: /attachment/0/{a}/{post}/{hash}.{ext}."""
        post = int(doc.url.rsplit("post_", 1)[1].split(".")[0])
        name = hashlib.md5(doc.url.encode()).hexdigest()[:20]
        return f"/attachment/0/{post // 1000}/{post}/{name}.{ATTACHMENT_TYPES[kind][0]}"

    def tree(self) -> list[dict]:
        return [
            {
                "id": 2699,
                "name": "法定主动公开内容",
                "post_count": 0,
                "jump_url": "",
                "children": [
                    {"id": cid, "name": name, "post_count": 7, "children": []} for cid, name in self.other_categories
                ],
            },
            {
                "id": self.report_category,
                "name": "政府信息公开年报",
                "post_count": len(self.catalogue()),
                "jump_url": "",
                "children": [],
            },
            {"id": 2798, "name": "政府信息公开指南", "post_count": 1, "jump_url": "", "children": []},
        ]

    def page(self, request: ReplicaRequest) -> ReplicaResponse | None:
        path = request.path
        if path in ("/", "/index.html"):
            towns = "".join(
                f'<li><a href="{column}">{escape(docs[0].region)}</a></li>'
                for column, docs in self.subsites.items()
                if docs
            )
            main = (
                '<div class="main"><ul><li><a href="/gkmlpt/index">政府信息公开</a></li></ul>'
                f'<h3>镇街</h3><ul class="towns">{towns}</ul></div>'
            )
            return html_response(
                chrome_page(
                    self.site_name,
                    self.site_name,
                    main,
                    breadcrumb="首页",
                    nav='<a href="/gkmlpt/index">政府信息公开</a> ',
                )
            )
        if path == "/gkmlpt/index":
            return html_response(self.index_shell())
        if path.startswith("/gkmlpt/api/all/"):
            return self.api(path.rsplit("/", 1)[1], request.query)
        for column, docs in self.subsites.items():
            pages = max(1, -(-len(docs) // self.nfcms_per_page))
            for k in range(pages):
                if path == column + ("index.html" if k == 0 else f"index_{k + 1}.html") or (k == 0 and path == column):
                    return html_response(self.nfcms_list(column, docs, k, pages))
        doc = self.document_by_path(path)
        if doc is not None and "nfcms" in doc.extra:
            return html_response(self.nfcms_page(doc), doc.encoding)
        if doc is not None:
            return html_response(self.content_page(doc), doc.encoding)
        return self.file(path)

    def nfcms_head(self, post_id: int = 0) -> str:
        return f"<script>var NFCMS_SITE_ID = '{self.sid}1'; var NFCMS_POST_ID = '{post_id}';</script>"

    def nfcms_list(self, column: str, docs: list[ReplicaReport], k: int, pages: int) -> str:
        rows = "".join(
            f'<li><a href="{d.url}" title="{escape(d.title)}">{escape(d.title)}</a><span>{d.publish_date.isoformat()}</span></li>'
            for d in docs[k * self.nfcms_per_page : (k + 1) * self.nfcms_per_page]
        )
        links = " ".join(
            f'<a href="{column}{"index.html" if n == 0 else f"index_{n + 1}.html"}">{n + 1}</a>' for n in range(pages)
        )
        town = docs[0].region if docs else ""
        main = f'<div class="news_list"><h2>{escape(town)}政府信息公开年报</h2><ul>{rows}</ul><div class="page">{links}</div></div>'
        return chrome_page(
            self.site_name,
            f"政府信息公开年报_{town}",
            main,
            breadcrumb=f"{escape(town)} &gt; 政务公开",
            head=self.nfcms_head(),
        )

    def nfcms_page(self, doc: ReplicaReport) -> str:
        post_id = int(doc.url.rsplit("post_", 1)[1].split(".")[0])
        head = (
            self.nfcms_head(post_id) + f'<meta name="ArticleTitle" content="{escape(doc.title)}">'
            f'<meta name="PubDate" content="{doc.publish_date.isoformat()} 10:00">'
            f'<meta name="ContentSource" content="{escape(doc.source)}">'
        )
        main = (
            f'<div class="content_title">{escape(doc.title)}</div>'
            f'<div class="content_info"><span class="publishtime">发布时间：{doc.publish_date.isoformat()}</span> '
            f"<span>来源：{escape(doc.source)}</span></div>"
            f'<div id="zoomcon">{doc.body_html}</div>{TOOLBAR}'
        )
        return chrome_page(self.site_name, doc.title, main, breadcrumb="政务公开", head=head, encoding=doc.encoding)

    def index_shell(self) -> str:
        config = {"SID": self.sid, "TREE": self.tree(), "SERVICE_AREA_ID": 0}
        return (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开</title></head><body>'
            '<div id="app"></div>'
            f"<script>window._CONFIG = {json.dumps(config, ensure_ascii=False)};</script>"
            '<script src="/gkmlpt/gkml/pc/js/chunk-common.c1553651.js"></script></body></html>'
        )

    def api(self, category: str, query: dict) -> ReplicaResponse:
        if query.get("sid") != self.sid or category != str(self.report_category):
            articles, total = [], 0
        else:
            docs = sorted(self.catalogue(), key=lambda d: d.publish_date, reverse=True)
            page = max(int(query.get("page") or 0), 1)  # pages 0 and 1 return the same first hundred
            total = len(docs)
            articles = [self.article(d) for d in docs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
        body = {"classify": {"id": category, "name": "政府信息公开年报", "post_count": total}, "articles": articles}
        return ReplicaResponse(
            200, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8"
        )

    def article(self, doc: ReplicaReport) -> dict:
        stamp = int(dt.datetime.combine(doc.publish_date, dt.time(9, 0)).timestamp())
        post_id = int(doc.url.rsplit("post_", 1)[1].split(".")[0])
        return {
            "id": post_id,
            "title": doc.title,
            "document_number": "",
            "identifier": f"{self.sid}/{doc.year}-{post_id % 9973:05d}",
            "publisher": doc.source,
            "date": stamp,
            "created_at": stamp,
            "display_publish_time": stamp,
            "url": doc.url,
            "post_url": doc.url,
            "attachment": [{"name": doc.extra["attachment_name"], "url": doc.extra["text_in"]}]
            if "text_in" in doc.extra
            else [],
            "classify_main_name": "政府信息公开年报",
        }

    def content_page(self, doc: ReplicaReport) -> str:
        date = doc.publish_date.isoformat()
        post_id = doc.url.rsplit("post_", 1)[1].split(".")[0]
        fields = (
            ("索引号", f"{self.sid}/{doc.year}-{int(post_id) % 9973:05d}"),
            ("分类", "政府信息公开年报"),
            ("发布机构", doc.source),
            ("成文日期", date),
            ("名称", doc.title),
            ("文号", ""),
            ("发布日期", date),
            ("主题词", ""),
        )
        rows = "".join(
            f"<tr><th>{a}：</th><td>{escape(b)}</td><th>{c}：</th><td>{escape(d)}</td></tr>"
            for (a, b), (c, d) in zip(fields[::2], fields[1::2], strict=True)
        )
        detail = {"id": int(post_id), "title": doc.title, "publisher": doc.source, "date": date}
        main = (
            f'<div class="introduce"><table class="xxgk_table">{rows}</table></div>'
            f'<div class="content"><h1 class="title">{escape(doc.title)}</h1>'
            f'<div class="article-content">{doc.body_html}</div>{TOOLBAR}</div>'
            f"<script>window._CONFIG = window._CONFIG || {{}}; window._CONFIG.DETAIL = {json.dumps(detail, ensure_ascii=False)};</script>"
        )
        return chrome_page(
            self.site_name,
            f"{doc.title}",
            main,
            breadcrumb="政府信息公开 &gt; 政府信息公开年报",
            encoding=doc.encoding,
            nav='<a href="/gkmlpt/index">政府信息公开</a> ',
        )
