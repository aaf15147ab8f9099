"""Turn a report page's HTML into a ``PageDocument``: page fields, title candidates, body lines.

Platform knowledge lives here only as selector lists (body containers, title cells); the
order of each list is the order of trust.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from govreports.parse.limits import LIMITS
from govreports.parse.text_cleaning import CELL_SEPARATOR, detect_script, strip_pinyin_glosses, to_simplified

# Body containers of the platforms we know (Hanweb, TRS, gkmlpt/NFCMS, VSB, Epoint, UCAP),
# then generic ones. The first one holding real text wins.
BODY_SELECTORS = (
    "#zoom",
    ".TRS_Editor",
    ".trs_editor_view",
    ".TRS_UEDITOR",
    "#zoomcon",
    ".news_cont_d_wrap",
    ".article-content",
    ".v_news_content",
    "#vsb_content",
    ".ewb-article-detail",
    "#UCAP-CONTENT",
    "#content",
    ".content",
    "article",
)
# Title cells of detail templates, most specific first.
TITLE_SELECTORS = (
    "td.title",
    ".content_title",
    ".article-title",
    "h1#ti",
    ".detail h1",
    ".xl_title",
    ".sp_title",
    "h1",
    "h2.title",
    ".title",
)


class _Selector:
    """One selector of the lists above: ``tag``, ``#id``, ``.class``, ``tag.class``, ``tag#id`` or
    ``.class tag``. Matched against an index of the page's marked elements (``_Marked``), since
    running each list entry over the whole tree cost more than the rest of the parse."""

    _FORM = re.compile(r"(?:\.(?P<inside>[\w-]+)\s+)?(?P<tag>[a-z]\w*)?(?:#(?P<id>[\w-]+))?(?:\.(?P<cls>[\w-]+))?")

    def __init__(self, text: str) -> None:
        form = self._FORM.fullmatch(text)
        if not form:
            raise ValueError(f"unsupported selector {text!r}")
        self.text = text
        self.tag, self.id, self.cls, self.inside = form.group("tag", "id", "cls", "inside")

    def matches(self, marked: _Marked) -> list[etree._Element]:
        """Matching elements in document order."""
        if self.id:
            found = marked.by_id.get(self.id, [])
        elif self.cls:
            found = marked.by_class.get(self.cls, [])
        else:
            found = marked.by_tag.get(self.tag, [])
        return [
            el
            for el in found
            if (not self.tag or el.tag == self.tag)
            and (not self.cls or self.cls in (el.get("class") or "").split())
            and (not self.inside or any(self.inside in (a.get("class") or "").split() for a in el.iterancestors()))
        ]


class _Marked:
    """The page's elements that carry an id or class, or are headings or articles, indexed."""

    def __init__(self, root: etree._Element) -> None:
        self.by_id: dict[str, list] = {}
        self.by_class: dict[str, list] = {}
        self.by_tag: dict[str, list] = {}
        for el in _marked_elements(root):
            if el.get("id"):
                self.by_id.setdefault(el.get("id"), []).append(el)
            for cls in (el.get("class") or "").split():
                self.by_class.setdefault(cls, []).append(el)
            self.by_tag.setdefault(el.tag, []).append(el)


_BODY_MATCHERS = tuple(_Selector(selector) for selector in BODY_SELECTORS)
_TITLE_MATCHERS = tuple(_Selector(selector) for selector in TITLE_SELECTORS)
_META_NAMES = ("ArticleTitle", "PubDate", "ContentSource", "ColumnName", "Generator", "Author")

BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table section article blockquote center "
    "form pre header footer nav aside hr".split()
)
SKIP_TAGS = frozenset("script style noscript template head iframe object select textarea button".split())

_MIN_BODY_HAN = 50
_text = etree.XPath("string()")  # an element's whole text, as lxml.html's text_content()
# The id and class attributes themselves, found in a quarter of the time ``//*[@id or @class]``
# takes to test every element; each comes right after its element, in document order.
_MARKS = etree.XPath("//@id | //@class | //h1 | //article")


def _marked_elements(root: etree._Element) -> list[etree._Element]:
    """Elements with an id or class, headings and articles, each once, in document order."""
    elements: list[etree._Element] = []
    for hit in _MARKS(root):
        element = hit.getparent() if isinstance(hit, str) else hit  # an attribute's value knows its element
        if not elements or elements[-1] is not element:
            elements.append(element)
    return elements


_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
# At least _MIN_BODY_HAN Han characters: stops at the fiftieth rather than counting a whole page.
# The two classes are disjoint, so a failing match is still linear.
_ENOUGH_HAN = re.compile(rf"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){{{_MIN_BODY_HAN}}}").match

# Labels of metadata strips and tables (发布时间：… / 发布机构 | …), written with padding
# (标　　题) that NFKC and the \s* between characters absorb.
_FIELD_LABELS = {
    "title": ("标题", "名称", "文章标题"),
    "publish_date": (
        "发布时间",
        "发布日期",
        "公开日期",
        "发文日期",
        "生成日期",
        "公文生成日期",
        "更新时间",
        "时间",
        "日期",
    ),
    "written_date": ("成文日期",),
    # Who put it out: the publishing organ, the source byline, the responsible department; each
    # kept apart, since one of them is often the portal's owner rather than the report's.
    "issuer": ("发布机构", "发文机关", "发文机构", "发文单位", "发布单位", "发布部门", "发布主体", "公开主体"),
    "source": ("信息来源", "来源", "来源单位"),
    "department": ("公开责任部门", "责任部门"),
    "index_no": ("索引号", "信息索引号"),
    "doc_no": ("文号", "发文字号"),
}
_LABEL_TO_FIELD = {label: name for name, labels in _FIELD_LABELS.items() for label in labels}
_LABEL_ALT = "|".join(r"\s*".join(map(re.escape, label)) for label in sorted(_LABEL_TO_FIELD, key=len, reverse=True))
# A label may carry a second name after a slash (生成日期/有效期:).
_FIELD_RE = re.compile(rf"(?:^|(?<=[\s•·|【\[]))({_LABEL_ALT})(?:/[\u4e00-\u9fff]{{2,4}})?\s*[:：]\s*")
# Every label ends in a colon (NFKC makes ：﹕︓ into :); lines without one are skipped unnormalised.
_MAY_HAVE_LABEL = re.compile("[:：﹕︓]").search
# A value ends at a separator, a wide gap, the next label (any short word before a colon:
# 文字大小:, 浏览量:) or the toolbar words that follow strips.
_VALUE_STOP_RE = re.compile(
    rf"\s*(?:[•·|【\[]|\s{{2,}}|(?:{_LABEL_ALT})\s*[:：]|\s[\u4e00-\u9fff/]{{2,8}}\s*[:：]|字体|字号|浏览|打印|分享|点击)"
)


@dataclass
class PageDocument:
    """What a report page says, before cleaning."""

    url: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    title_candidates: list[tuple[str, str]] = field(default_factory=list)
    head: list[str] = field(default_factory=list)  # the page's lines before the report body
    lines: list[str] = field(default_factory=list)
    body_source: str = ""
    warnings: list[str] = field(default_factory=list)


def parse_html(markup: str | bytes) -> tuple[etree._Element | None, list[str]]:
    """Parse HTML leniently: ``(root, warnings)``; root is None when there is nothing to parse.

    libxml2 drops whatever is nested deeper than 256 elements; that loss is reported as
    ``markup_too_deep`` rather than passing silently.
    """
    if not markup or not markup.strip():
        return None, []
    # Plain lxml elements, not lxml.html's: its per-element class lookup runs in Python, and a
    # page walk meets thousands of elements.
    if isinstance(markup, str):
        # lxml refuses str input that carries an XML encoding declaration.
        markup = markup.encode("utf-8")
        parser = etree.HTMLParser(encoding="utf-8")
    else:
        parser = etree.HTMLParser()
    try:
        root = etree.fromstring(markup, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None, []
    if root is None:
        return None, []
    too_deep = any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)
    return root, ["markup_too_deep"] if too_deep else []


def extract_document(markup: str | bytes, url: str | None = None) -> PageDocument:
    """Read page fields, title candidates and body lines from report HTML."""
    doc = PageDocument(url=url)
    if len(markup) > LIMITS.page_bytes:  # no report page is this large: read its beginning
        markup = markup[: LIMITS.page_bytes]
        doc.warnings.append("page_too_large")
    root, parse_warnings = parse_html(markup)
    doc.warnings += parse_warnings
    if root is None:
        doc.warnings.append("empty_page")
        return doc
    # iterwalk does not visit comments, so remove them here and keep the text after them.
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    doc.meta = _meta_tags(root)
    marked = _Marked(root)
    doc.body_source, body = _body_element(root, marked)
    page_lines, head_lines, body_lines, cells_exceeded = _page_and_body_lines(root, body)
    if cells_exceeded:
        doc.warnings.append("table_too_large")
    doc.fields = extract_fields(page_lines)
    doc.title_candidates = _title_candidates(marked, doc.meta, doc.fields)
    doc.head = head_lines[-_HEADER_LINES:] if body is not None else []
    doc.lines = _bounded(body_lines if body is not None else page_lines, doc.warnings)
    if body is None:
        doc.warnings.append("body_container_not_found")
    return doc


MAX_LINES = 20_000  # a long report has ~2,000 lines; beyond this a page is debris, not a report


def _bounded(lines: list[str], warnings: list[str]) -> list[str]:
    """At most ``MAX_LINES`` body lines, so the work per page stays bounded; says so when cut."""
    if len(lines) <= MAX_LINES:
        return lines
    warnings.append(f"lines_truncated:{len(lines)}")
    return lines[:MAX_LINES]


def _meta_tags(root: etree._Element) -> dict[str, str]:
    meta = {}
    for el in root.iter("meta"):
        name = el.get("name") or el.get("property")
        content = el.get("content")
        if name and content and name in _META_NAMES:
            meta[name] = content.strip()
    title = root.find(".//title")
    if title is not None and _text(title).strip():
        meta["html_title"] = " ".join(_text(title).split())
    return meta


def _body_element(root: etree._Element, marked: _Marked) -> tuple[str, etree._Element | None]:
    for selector in _BODY_MATCHERS:
        for el in selector.matches(marked):
            if _ENOUGH_HAN(_text(el)):
                return selector.text, el
    return "densest", _densest_block(root)


def _densest_block(root: etree._Element) -> etree._Element | None:
    """Fallback: the block with the most Han text outside links, narrowed while one child holds most."""

    def own_text(el: etree._Element) -> int:
        total = len(_HAN_RE.findall(_text(el)))
        linked = sum(len(_HAN_RE.findall(_text(a))) for a in el.iter("a"))
        return total - linked

    body = root.find("body")
    if body is None:
        return None
    best, score = body, own_text(body)
    if score < _MIN_BODY_HAN:
        return None
    while True:
        children = [(own_text(c), c) for c in best if isinstance(c.tag, str) and c.tag not in SKIP_TAGS]
        if not children:
            return best
        top_score, top = max(children, key=lambda pair: pair[0])
        if top_score < 0.85 * score:
            return best
        best, score = top, top_score


def _page_and_body_lines(
    root: etree._Element, body: etree._Element | None
) -> tuple[list[str], list[str], list[str], bool]:
    """The text of ``root``, of what comes before ``body`` and of ``body``, as lines, and whether
    the tables ran past the cell limit, from one walk of the tree (tables
    are the costly part, and the body holds them): blocks and <br> break lines, a data table gives
    one line per row with its cells joined by ``CELL_SEPARATOR``. Iterative, so deep markup cannot
    exhaust the stack."""
    parts: list[str] = []
    body_span = [0, 0]
    cells_left = [LIMITS.cells]
    around_body = set(body.iterancestors()) if body is not None else set()  # a layout table is no data table
    walker = etree.iterwalk(root, events=("start", "end"))
    for action, node in walker:
        tag = node.tag  # libxml2's HTML parser gives tag names in lower case
        if action == "start":
            if node is body:
                body_span[0] = len(parts)
            if tag in SKIP_TAGS:
                walker.skip_subtree()
                continue
            if tag == "table" and node not in around_body and not node.xpath(".//table"):
                parts.append("\n")
                parts.extend(CELL_SEPARATOR.join(row) + "\n" for row in table_rows(node, cells_left))
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS or tag == "br":
                parts.append("\n")
            if node.text:
                parts.append(node.text)
        else:
            if tag in BLOCK_TAGS:
                parts.append("\n")
            elif tag in ("td", "th"):
                parts.append(" ")
            if node is body:
                body_span[1] = len(parts)
            if node is not root and node.tail:
                parts.append(node.tail)
    exceeded = cells_left[0] < 0
    if body is None:
        return _lines(parts), [], [], exceeded
    return _lines(parts), _lines(parts[: body_span[0]]), _lines(parts[body_span[0] : body_span[1]]), exceeded


def _lines(parts: list[str]) -> list[str]:
    return [line for line in (" ".join(p.split()) for p in "".join(parts).split("\n")) if line]


def _cell_text(cell: etree._Element) -> str:
    if not len(cell):  # most cells: one text node
        return (cell.text or "").strip()
    # A header broken by <br> (本年新<br>制作数量) reads as one label.
    return "".join(t.strip() for t in cell.itertext())


def table_rows(table: etree._Element, budget: list[int] | None = None) -> list[list[str]]:
    """Rows of a table as written (no span expansion). A row of several blank cells is kept:
    it is a row of blank figures. ``budget`` (a one-item list: the cells the page may still
    read) stops a table of millions of cells where the limit runs out."""
    rows = []
    for tr in table.iter("tr"):
        cells = []
        for cell in tr:
            if cell.tag in ("td", "th"):
                if budget is not None:
                    budget[0] -= 1
                    if budget[0] < 0:
                        return rows
                cells.append(_cell_text(cell))
        if len(cells) > 1 or any(cells):
            rows.append(cells)
    return rows


def extract_fields(lines: list[str]) -> dict[str, str]:
    """Label/value pairs (发布时间, 发布机构, 标题, 索引号 …) from strips and metadata tables."""
    found: dict[str, str] = {}
    for raw in lines:
        if len(raw) > 300 or not _MAY_HAVE_LABEL(raw):
            continue
        line = unicodedata.normalize("NFKC", raw.replace(CELL_SEPARATOR, " | "))
        cells = line.split(" | ")
        for i, cell in enumerate(cells):
            for m in _FIELD_RE.finditer(cell):
                label = re.sub(r"\s+", "", m.group(1))
                name = _LABEL_TO_FIELD[label]
                rest = cell[m.end() :]
                stop = _VALUE_STOP_RE.search(rest)
                value = (rest[: stop.start()] if stop else rest).strip()
                if not value and i + 1 < len(cells) and not _FIELD_RE.search(cells[i + 1]):
                    value = cells[i + 1].strip()
                if value and name not in found:
                    found[name] = value
    return found


def _title_candidates(marked: _Marked, meta: dict[str, str], fields: dict[str, str]) -> list[tuple[str, str]]:
    candidates = []
    if meta.get("ArticleTitle"):
        candidates.append(("meta", meta["ArticleTitle"]))
    if fields.get("title"):
        candidates.append(("info_table", fields["title"]))
    for selector in _TITLE_MATCHERS:
        for el in selector.matches(marked):
            text = " ".join(_text(el).split())
            if 4 <= len(text) <= 200:
                candidates.append((selector.text, text))
                break
    if meta.get("html_title"):
        candidates.append(("html_title", meta["html_title"]))
    return candidates


_HEADER_LINES = 12
_BARE_NAME_RE = re.compile(r"^[\u4e00-\u9fff]{2,20}$")


def document_from_text(text: str, url: str | None = None) -> PageDocument:
    """A ``PageDocument`` from plain text (a saved or flattened page).

    The page header (banners, breadcrumbs, the heading, its 发布时间/来源 strip, a byline under it)
    is read for fields and kept apart as ``head``; everything after it is the report's lines.
    """
    from govreports.parse.titles import heading_title

    doc = PageDocument(url=url, body_source="text")
    lines = [line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line]
    head = lines[:_HEADER_LINES]
    doc.fields = extract_fields(head)
    # The heading is looked for in simplified script, as the structure stage will read it.
    header = strip_pinyin_glosses("\n".join(head))
    if detect_script(header) == "traditional":
        header = to_simplified(header)
    _, title_index = heading_title(header.split("\n"))
    body_start = 0
    if title_index is not None:
        body_start = title_index + 1
        # A bare unit name right under the title is part of the header (玉环市 | ||||).
        while body_start < len(head) and _BARE_NAME_RE.match(head[body_start].strip(" |") or "x"):
            body_start += 1
    field_lines = [
        i for i, line in enumerate(head) if _FIELD_RE.search(unicodedata.normalize("NFKC", line)) and len(line) <= 80
    ]
    if field_lines:
        body_start = max(body_start, field_lines[-1] + 1)
    if body_start >= len(lines):  # a heading running into the body on one line: keep it all
        body_start = 0
    doc.head = lines[:body_start]
    doc.lines = _bounded(lines[body_start:], doc.warnings)
    if not doc.lines:
        doc.warnings.append("empty_page")
    return doc
