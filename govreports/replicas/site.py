"""What every replica portal shares: documents with ground truth, page chrome, request dispatch."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from urllib.parse import urlsplit

from govreports.replicas.content import (
    REPORT_SHAPES,
    ReplicaReport,
    distractor_body,
    generated_body,
    plan_statistics,
    report_lead,
    short_name,
    template_for,
)
from govreports.replicas.documents import report_docx, report_pdf, report_xlsx, scanned_pdf


@dataclass
class ReplicaResponse:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class ReplicaRequest:
    method: str
    host: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str]
    tls: bool = False  # came through a CONNECT tunnel (an https:// URL)


class Paged:
    """A listing (column, list directory, organ node): its ``docs``, ``per_page`` to a page."""

    docs: list[ReplicaReport]
    per_page: int

    def page_count(self) -> int:
        return max(1, -(-len(self.docs) // self.per_page))


@dataclass(frozen=True)
class Unit:
    """An organ that publishes reports on the portal: its full name, region and level."""

    issuer: str
    region: str
    level: str
    years: tuple[int, ...]
    title_name: str | None = None  # how titles name it when not by the issuer (玉环市 for 玉环市人民政府)

    def title(self, year: int) -> str:
        style = "年度政府信息公开工作报告" if year <= 2016 else "年政府信息公开工作年度报告"
        return f"{self.title_name or self.issuer}{year}{style}"


LOOKALIKE_TITLES = (
    "{name}{year}年政府网站工作年度报表",
    "{name}{year}年政府工作报告",
    "{name}{year}年度部门整体支出绩效评价报告",
)

ROBOTS_TXT = b"User-agent: *\nDisallow: /admin/\n"

# Attachment kind → (file extension, the Content-Type servers send). A "scan" is an image-only PDF.
ATTACHMENT_TYPES = {
    "pdf": ("pdf", "application/pdf"),
    "scan": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
_TABLE_RE = re.compile(r"<table\b.*?</table>", re.S | re.I)


def attachment_bytes(kind: str, title: str, body_html: str) -> bytes:
    if kind == "scan":
        return scanned_pdf()
    if kind == "pdf":
        return report_pdf(title, body_html)
    if kind == "docx":
        return report_docx(title, body_html)
    return report_xlsx(body_html)


class ReplicaSite:
    """A replica portal. Subclasses build ``documents`` and render pages for their platform."""

    key: str = ""
    host: str = ""  # where its pages live
    other_hosts: tuple[str, ...] = ()  # other names the server answers for it (yuhuan.gov.cn)
    site_name: str = ""

    @property
    def hosts(self) -> tuple[str, ...]:
        return (self.host, *self.other_hosts)

    def __init__(self) -> None:
        self.rng = random.Random(self.key)
        self._tables_planned = 0
        self._recent_planned = 0
        self.documents: list[ReplicaReport] = []
        self._next_id = 1000
        self._figures_by_issuer: dict[tuple[str, int], dict] = {}  # so each organ's years continue
        # Files the site serves by path: (bytes, or what makes them on first request; content type).
        self.files: dict[str, tuple[bytes | Callable[[], bytes], str]] = {}
        self.build()

    # -- building -------------------------------------------------------------------------
    def build(self) -> None:
        raise NotImplementedError

    def add(self, listing, doc: ReplicaReport) -> ReplicaReport:
        """Publish ``doc`` on the site and list it in ``listing`` (a column or list directory;
        None where the site lists every document in one catalogue, as gkmlpt does)."""
        if doc not in self.documents:
            self.documents.append(doc)
        if listing is not None:
            listing.docs.append(doc)
        return doc

    def publish_units(self, units, url_for) -> None:
        """For each ``(listing, unit)``: the unit's generated report of every year, listed there;
        ``url_for(listing)`` gives the function that makes a report's URL from its date."""
        for listing, unit in units:
            for year in unit.years:
                self.add(listing, self.generated_report(unit, year, url_for(listing)))

    def publish_lookalikes(self, entries, url_for) -> None:
        """One look-alike of each kind (网站年度报表, 政府工作报告, 绩效评价报告): ``(listing, name, year)``."""
        for kind, (listing, name, year) in enumerate(entries):
            self.add(listing, self.lookalike(name, year, kind, url_for(listing)))

    def new_id(self) -> int:
        self._next_id += self.rng.randint(1, 37)
        return self._next_id

    def publish_date(self, year: int, unit: Unit) -> dt.date:
        """Departments tend to publish in January, governments by the end of March."""
        latest = 31 if unit.level == "department" else 88
        return dt.date(year + 1, 1, 10) + dt.timedelta(days=self.rng.randint(0, latest))

    def generated_report(self, unit: Unit, year: int, url_for) -> ReplicaReport:
        date = self.publish_date(year, unit)
        template = template_for(year)
        if template == "2021":
            self._recent_planned += 1
            if self._recent_planned % 7 == 3:
                template = "2019"  # stragglers kept the old table for years (one in seven here)
        last = self._figures_by_issuer.get((unit.issuer, year - 1))
        if template != "pre2019":
            self._tables_planned += 1
        # Every eighth table breaks a rule on purpose, so each site is sure to have some.
        plan = plan_statistics(template, self.rng, last, violate=self._tables_planned % 8 == 4)
        self._figures_by_issuer[(unit.issuer, year)] = plan.figures
        signed = date - dt.timedelta(days=self.rng.randint(0, 5))
        title = unit.title(year)
        shape = self.rng.choice(REPORT_SHAPES)
        lead = report_lead(shape, title, unit.issuer, year, date)
        body = generated_body(unit.issuer, year, plan, self.rng, signed, lead)
        short = shape == "short_source" and unit.level == "department"
        return ReplicaReport(
            url=url_for(date),
            title=title,
            issuer=unit.issuer,
            region=unit.region,
            level=unit.level,
            year=year,
            publish_date=date,
            body_html=body,
            source=short_name(unit.issuer, unit.region) if short else unit.issuer,
            template=template,
            figures=plan.figures,
            active_total=plan.active_total,
            summary=plan.summary,
            failing_checks=plan.failing_checks,
            failing_cross_checks=plan.failing_cross_checks,
            extra={"shape": shape, **({"table_layout": plan.style.layout} if template != "pre2019" else {})},
        )

    def lookalike(self, name: str, year: int, kind: int, url_for) -> ReplicaReport:
        title = LOOKALIKE_TITLES[kind].format(name=name, year=year)
        date = dt.date(year + 1, 1, 15) + dt.timedelta(days=self.rng.randint(0, 40))
        return ReplicaReport(
            url=url_for(date),
            title=title,
            issuer=None,
            region=None,
            level="unknown",
            year=year,
            publish_date=date,
            body_html=distractor_body(title, name, year),
            source=name,
            is_report=False,
        )

    # -- attachments ----------------------------------------------------------------------
    def publish_as_attachment(self, doc: ReplicaReport, kind: str, url: str, file_path: str | None = None) -> None:
        """List ``doc`` as an attachment-only report at ``url``; the file is served at ``file_path``
        (default: the URL's path; a download script redirects there). A ``scan`` holds the report
        but nothing in it can be read without OCR."""
        doc.url = url
        doc.extra["attachment"] = kind
        title, body = doc.title, doc.body_html
        self.files[file_path or urlsplit(url).path] = (
            lambda: attachment_bytes(kind, title, body),
            ATTACHMENT_TYPES[kind][1],
        )
        if kind == "scan":
            doc.figures = doc.active_total = doc.summary = None
            doc.template = "unknown"
            doc.failing_checks = doc.failing_cross_checks = ()

    def move_into_attachment(
        self, doc: ReplicaReport, kind: str, href: str, file_path: str, tables_only: bool = False
    ) -> None:
        """Keep ``doc``'s page but move its text (``tables_only``: just its statistics tables) into a
        linked file, as a county office does when the CMS editor cannot hold its tables."""
        title, body = doc.title, doc.body_html
        self.files[file_path] = (lambda: attachment_bytes(kind, title, body), ATTACHMENT_TYPES[kind][1])
        name = f"{title}{'统计表' if tables_only else ''}.{ATTACHMENT_TYPES[kind][0]}"
        link = f'<p>附件：<a href="{href}">{escape(name)}</a></p>'
        doc.body_html = (_TABLE_RE.sub("", body) if tables_only else "<p>详见附件。</p>") + link
        doc.extra.update(text_in=href, attachment_name=name)

    def file(self, path: str) -> ReplicaResponse | None:
        if path not in self.files:
            return None
        body, content_type = self.files[path]
        if callable(body):
            body = body()
            self.files[path] = (body, content_type)
        return ReplicaResponse(200, body, content_type)

    # -- serving --------------------------------------------------------------------------
    # Which HTTP validators the platform's server sends on report pages: "etag",
    # "last-modified", both or neither (then a crawler can only compare content).
    validators: tuple[str, ...] = ()

    def handle(self, request: ReplicaRequest) -> ReplicaResponse:
        if request.path == "/robots.txt":
            return ReplicaResponse(200, ROBOTS_TXT, "text/plain")
        page = self.page(request)
        if page is None:
            return not_found()
        doc = self.document_by_path(request.path)
        if doc is None or page.status != 200 or not self.validators:
            return page
        return conditional(page, doc.modified, self.validators, request.headers)

    def page(self, request: ReplicaRequest) -> ReplicaResponse | None:
        raise NotImplementedError

    def document_by_path(self, path: str) -> ReplicaReport | None:
        return self._by_path().get(path)

    def _by_path(self) -> dict[str, ReplicaReport]:
        return {urlsplit(doc.url).path: doc for doc in self.documents}

    def ground_truth(self) -> list[dict]:
        """Every annual report a spider must find, with its expected metadata."""
        return [doc.ground_truth() for doc in self.documents if doc.is_report and doc.extra.get("in_scope", True)]

    def update_document(self, url: str, body_html: str) -> None:
        """Change a report's body in place (tests use it to check updates reach the store)."""
        for doc in self.documents:
            if doc.url == url:
                doc.body_html = body_html
                doc.modified = dt.datetime.now(dt.UTC).replace(microsecond=0)
                return
        raise KeyError(url)


def not_found() -> ReplicaResponse:
    return ReplicaResponse(404, "<html><body><h1>404 页面不存在</h1></body></html>".encode())


def conditional(
    page: ReplicaResponse, modified: dt.datetime, validators: tuple[str, ...], headers: dict[str, str]
) -> ReplicaResponse:
    """``page`` with the platform's validators, or a bodiless 304 when the client's still match."""
    asked = {name.lower(): value for name, value in headers.items()}
    etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
    sent = {}
    if "etag" in validators:
        sent["ETag"] = etag
    if "last-modified" in validators:
        sent["Last-Modified"] = format_datetime(modified, usegmt=True)
    fresh = ("etag" in validators and asked.get("if-none-match") == etag) or (
        "last-modified" in validators and _not_after(asked.get("if-modified-since"), modified)
    )
    if fresh:
        return ReplicaResponse(304, b"", page.content_type, sent)
    return ReplicaResponse(page.status, page.body, page.content_type, {**page.headers, **sent})


def _not_after(since: str | None, modified: dt.datetime) -> bool:
    try:
        return since is not None and modified <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


# How a page's encoding is served: (bytes codec, Content-Type header, <meta> charset or None).
PAGE_ENCODINGS = {
    "utf-8": ("utf-8", "text/html; charset=utf-8", "utf-8"),
    "gbk": ("gbk", "text/html", "gbk"),  # old county sites: declared in <meta> only
    "gbk-mislabelled": ("gbk", "text/html; charset=utf-8", None),  # the header says UTF-8, the body is GBK
    "gbk-undeclared": ("gbk", "text/html", None),  # no declaration anywhere
}


def html_response(markup: str, encoding: str = "utf-8") -> ReplicaResponse:
    """A page served as ``PAGE_ENCODINGS[encoding]`` says."""
    codec, content_type, _ = PAGE_ENCODINGS[encoding]
    return ReplicaResponse(200, markup.encode(codec, errors="xmlcharrefreplace"), content_type)


def charset_meta(encoding: str) -> str:
    declared = PAGE_ENCODINGS[encoding][2]
    if declared is None:
        return ""
    if declared == "utf-8":
        return '<meta charset="utf-8">'
    return f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'


def chrome_page(
    site_name: str, title: str, main: str, *, breadcrumb: str, head: str = "", encoding: str = "utf-8", nav: str = ""
) -> str:
    """A county portal page: header and navigation, 当前位置 breadcrumb, main part, toolbar, footer."""
    return (
        f"<!DOCTYPE html><html><head>{charset_meta(encoding)}<title>{escape(title)}</title>{head}</head><body>"
        f'<div class="top"><span>{escape(site_name)}</span> <a href="#">简体</a> <a href="#">繁體</a> '
        f'<a href="#">无障碍</a> <a href="#">长者模式</a></div>'
        f'<div class="nav"><a href="/">首页</a> {nav}<a href="#">政务服务</a> <a href="#">互动交流</a></div>'
        f'<div class="position">当前位置：<a href="/">首页</a> &gt; {breadcrumb}</div>'
        f"{main}"
        f'<div class="footer"><p>主办单位：{escape(site_name)}办公室 承办单位：{escape(site_name)}信息中心</p>'
        f"<p>版权所有 © {escape(site_name)} 网站标识码：{zlib.crc32(site_name.encode()):010d} 浙ICP备05012345号</p>"
        '<p><a href="#">网站地图</a> | <a href="#">联系我们</a></p></div>'
        "</body></html>"
    )


TOOLBAR = '<div class="toolbar">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>'
FONT_SIZER = '<span class="font">字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></span>'
