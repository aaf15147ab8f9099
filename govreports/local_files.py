"""Local report files (saved pages, text, attachments) to records: what ``govreports parse`` and
``govreports evaluate`` run."""

from __future__ import annotations

import hashlib
from pathlib import Path

from govreports.encoding import decode_page
from govreports.report import build_report

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
TEXT_SUFFIXES = {".txt"}
ATTACHMENT_SUFFIXES = {".pdf", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".et"}


def decode_text(data: bytes) -> str:
    """A text file's characters: UTF-8 (with or without BOM), else GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def parse_file(path: Path, url: str | None = None) -> dict:
    """One SCHEMA record for one local file (HTML in any declared encoding, UTF-8/GB18030 text, or
    an attachment type)."""
    suffix = path.suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES | ATTACHMENT_SUFFIXES:
        raise ValueError(
            f"unsupported file type {suffix or '(none)'}: {path} (expected .html, .htm, .txt, .pdf, .docx, .doc or .wps)"
        )
    return parse_content(path.read_bytes(), suffix, url or path.resolve().as_uri(), path.name)


def parse_content(data: bytes, suffix: str, url: str, name: str = "") -> dict:
    """The record for a file's bytes, read as its suffix says."""
    if suffix in HTML_SUFFIXES:
        markup, encoding, warnings = decode_page(data)
        return build_report(
            markup,
            url=url,
            is_html=True,
            http={"status": None, "encoding": encoding, "etag": None, "last_modified": None},
            warnings=warnings,
        )
    if suffix in TEXT_SUFFIXES:
        return build_report(decode_text(data), url=url, is_html=False)
    return parse_attachment(data, url, name)


def parse_attachment(body: bytes, url: str, name: str) -> dict:
    """A report published as a file: what the crawl's attachment pipeline does, for one local file."""
    from govreports.attachments import extract

    extracted = extract(body)
    record = build_report(extracted.html(), url=url, is_html=True, warnings=list(extracted.warnings))
    record["attachments"] = [
        {
            "url": url,
            "name": name,
            "media_type": extracted.media_type,
            "sha1": hashlib.sha1(body).hexdigest(),
            "bytes": len(body),
            "used_for_text": extracted.has_text,
            "status": ",".join(extracted.warnings) or "extracted",
        }
    ]
    return record
