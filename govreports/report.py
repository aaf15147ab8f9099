"""From a fetched page to a SCHEMA record: the clean and structure stages, and both together.

The crawl pipelines call ``clean_page`` and ``structure_document`` one stage each;
``govreports parse`` and the tests call ``build_report``. All go through the same functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from govreports.parse.attachments import Extracted, merge_into
from govreports.parse.dates import parse_date
from govreports.parse.issuers import choose_issuer
from govreports.parse.metadata import (
    choose_publish_date,
    choose_title,
    issuer_from_signature,
    report_year,
    stated_dates,
)
from govreports.parse.page_document import PageDocument, document_from_text, extract_document
from govreports.parse.sections import split_sections
from govreports.parse.statistics import CellRow, cell_rows, parse_statistics
from govreports.parse.template_format import detect_format
from govreports.parse.text_cleaning import (
    clean_lines,
    count_pinyin_glosses,
    detect_script,
    normalise_line,
    strip_pinyin_glosses,
    to_simplified,
    without_controls,
)
from govreports.parse.timeliness import days_late, deadline
from govreports.parse.urls import report_id
from govreports.places.locate import PLACE_WARNINGS, SiteContext, locate
from govreports.places.organs import parse_organ
from govreports.schema import SCHEMA_FIELDS, Record


@dataclass
class CleanDocument:
    """A page after cleaning: simplified script, no glosses, no chrome."""

    url: str | None
    head: list[str]  # the page's lines before the body: banners, breadcrumbs, the heading, its strip
    lines: list[str]
    title_candidates: list[tuple[str, str]]
    fields: dict[str, str]
    meta: dict[str, str]
    body: str  # the cleaned text before chrome was dropped: the statistics tables read it
    script: str
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def text(self) -> str:  # one string, so the normalised forms remembered for it are found again
        return "\n".join(self.lines)

    @cached_property
    def cell_rows(self) -> list[CellRow]:
        """Every line split into cells, blanks kept. Worked out when first read, not carried: a
        document crosses to a worker process and back, and these rows cost most to pickle."""
        return cell_rows(self.body.split("\n"))


def clean_page(
    html: str, url: str, warnings: list[str], extracts: Sequence[Extracted] = ()
) -> tuple[CleanDocument, int | None]:
    """The clean stage from page HTML: the page read, the first of its attachments' extracts that
    adds what the page lacks merged in (its index is returned, or None), then cleaned."""
    document = extract_document(html, url)
    document.warnings += warnings  # from decoding the bytes
    used = None
    for index, extracted in enumerate(extracts):
        if merge_into(document, extracted):
            document.warnings += extracted.warnings
            used = index
            break
    return clean_document(document), used


def clean_document(doc: PageDocument) -> CleanDocument:
    """Strip pinyin glosses, convert traditional script (only when detected), drop chrome."""
    warnings = list(doc.warnings)
    body = "\n".join(doc.lines)
    header = "\n".join(text for _, text in doc.title_candidates)
    glossed = count_pinyin_glosses(body) + count_pinyin_glosses(header)
    script = detect_script(body or header)

    def fix(text: str) -> str:
        if glossed:
            text = strip_pinyin_glosses(text)
        return to_simplified(text) if script == "traditional" else text

    if glossed:
        warnings.append("pinyin_glosses_removed")
    body = fix(body)
    return CleanDocument(
        url=doc.url,
        head=[line for line in (normalise_line(line) for line in fix("\n".join(doc.head)).split("\n")) if line],
        lines=clean_lines(body.split("\n")),
        title_candidates=[(source, fix(text)) for source, text in doc.title_candidates],
        fields={name: fix(value) for name, value in doc.fields.items()},
        meta={name: fix(value) for name, value in doc.meta.items()},
        body=body,
        script=script,
        warnings=warnings,
    )


def structure_document(doc: CleanDocument, hints: dict | None = None) -> dict:
    """Title, issuer, region/level/code, year, publish date, format and sections of a cleaned page.

    ``hints`` come from the spider: ``list_title``, ``list_date``, ``issuer`` and the site's
    division (``site_region``, ``site_level``, ``site_division_code``, ``site_region_path``).
    """
    hints = hints or {}
    warnings = list(doc.warnings)
    text = doc.text
    every_line = doc.head + doc.lines
    title, title_index, title_warnings = choose_title(doc.title_candidates, hints.get("list_title"), every_line)
    warnings += title_warnings
    signature_issuer, signature_date = issuer_from_signature(doc.lines)
    fields = dict(doc.fields)
    if doc.meta.get("ContentSource") and not fields.get("source"):
        fields["source"] = doc.meta["ContentSource"]
    organ, _ = choose_issuer(title, fields, doc.head, doc.lines, title_index, signature_issuer)
    issuer = organ.text if organ else _org(hints.get("issuer"))
    dateline, date_only = stated_dates(doc.head, doc.lines, title_index)
    publish_date, date_warnings = choose_publish_date(
        doc.fields,
        doc.meta,
        signature_date or parse_date(doc.fields.get("written_date")) or date_only,  # when it was written
        hints.get("list_date"),
        list_is_page=bool(hints.get("attachment_only")),
        dateline=dateline,
    )
    year, year_warnings = report_year(text, title, publish_date)
    place, place_warnings = place_fields(issuer, hints, year, publish_date, text)
    report_format, format_warnings = detect_format(text, year)
    figures = parse_statistics(doc, report_format)
    # Place warnings go last, so that ``relocate`` rebuilds the same list.
    warnings += date_warnings + year_warnings + format_warnings + figures.warnings + place_warnings
    source = urlsplit(doc.url or "")
    if source.scheme in ("http", "https") and not (source.hostname or "").endswith(".gov.cn"):
        warnings.append("mirror_host")
    return without_controls(
        {
            "title": title,
            "issuer": issuer,
            **place,
            "year": year,
            "publish_date": publish_date.isoformat() if publish_date else None,
            "format": report_format,
            "script": doc.script,
            "text": text,
            "sections": split_sections(text),
            "statistics": figures.statistics,
            "summary": figures.summary,
            "checks": figures.checks,
            "warnings": list(dict.fromkeys(warnings)),
        }
    )


def place_fields(
    issuer: str | None, hints: dict, year: int | None, published: dt.date | None, text: str = ""
) -> tuple[dict, list[str]]:
    """Region, division code, path and level of an issuer, with the deadline its level sets."""
    place, warnings = locate(issuer, SiteContext.from_hints(hints), year, text)
    due = deadline(year, place.level)
    fields = {
        "region": place.region,
        "division_code": place.division_code,
        "region_path": place.region_path,
        "level": place.level,
        "deadline": due.isoformat() if due else None,
        "days_late": days_late(published, due),
    }
    return fields, warnings


def relocate(record: dict, hints: dict) -> dict:
    """A stored record with its place resolved again, as a crawl would now (``govreports reparse``)."""
    published = dt.date.fromisoformat(record["publish_date"]) if record.get("publish_date") else None
    fields, warnings = place_fields(
        record.get("issuer"), hints, record.get("year"), published, record.get("text") or ""
    )
    kept = [w for w in record.get("warnings") or [] if not w.startswith(PLACE_WARNINGS)]
    return {**record, **fields, "warnings": list(dict.fromkeys(kept + warnings))}


def _org(value: str | None) -> str | None:
    """A spider's issuer hint, when it names an organ or a place."""
    organ = parse_organ((value or "").strip())
    return organ.text if organ else None


def build_report(
    content: str | bytes,
    *,
    url: str | None = None,
    is_html: bool = True,
    hints: dict | None = None,
    spider: str = "parse",
    site: str | None = None,
    list_url: str | None = None,
    http: dict | None = None,
    warnings: list[str] | None = None,
) -> Record:
    """A complete SCHEMA record from one page (HTML) or one text file; ``warnings`` come from
    fetching or decoding it."""
    if is_html:
        page = extract_document(content, url)
    else:
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        page = document_from_text(text, url)
    page.warnings += warnings or []
    record = {
        "report_id": report_id(url) if url else None,
        "url": url,
        "spider": spider,
        "site": site,
        "list_url": list_url,
        "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "http": http,
    }
    record.update(structure_document(clean_document(page), hints))
    record["attachments"] = []
    return Record(**{name: record.get(name) for name in SCHEMA_FIELDS})
