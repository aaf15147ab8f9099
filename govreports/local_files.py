"""Local report files (saved pages, text, attachments) to records: what ``govreports parse`` and
``govreports evaluate`` run."""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

from govreports.parse.encoding import decode_page
from govreports.parse.limits import LIMITS
from govreports.report import build_report

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
TEXT_SUFFIXES = {".txt"}
ATTACHMENT_SUFFIXES = {".pdf", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".et"}


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """A text file's characters, UTF-8 (with or without BOM) or else GB18030, and warnings:
    ``mojibake_suspected`` when neither decodes it, or what one decodes is no language."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, [] if _readable(text) else ["mojibake_suspected"]
    return data.decode("utf-8", errors="replace"), ["mojibake_suspected"]


_READABLE_RE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\s]")


def _readable(text: str) -> bool:
    """Mostly Han, ASCII and their punctuation: what a report is written in."""
    sample = text[:20_000]
    return not sample or len(_READABLE_RE.findall(sample)) >= 0.9 * len(sample)


def parse_file(path: Path, url: str | None = None) -> dict:
    """One SCHEMA record for one local file (HTML in any declared encoding, UTF-8/GB18030 text, or
    an attachment type). A device, a pipe or a file larger than any report is refused, not read."""
    suffix = path.suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES | ATTACHMENT_SUFFIXES:
        raise ValueError(
            f"unsupported file type {suffix or '(none)'}: {path} (expected .html, .htm, .shtml, .txt, .pdf, "
            ".docx, .doc, .wps, .xlsx, .xls or .et)"
        )
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{path} is not a regular file (a device, a pipe or a directory)")
    if info.st_size > LIMITS.file_bytes:
        raise ValueError(f"{path} has {info.st_size:,} bytes, more than any report file ({LIMITS.file_bytes:,})")
    with path.open("rb") as handle:
        data = handle.read(LIMITS.file_bytes + 1)  # it may have grown since
    if len(data) > LIMITS.file_bytes:
        raise ValueError(f"{path} is larger than any report file ({LIMITS.file_bytes:,} bytes)")
    return parse_content(data, suffix, url or path.resolve().as_uri(), path.name)


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
        text, warnings = decode_text(data)
        return build_report(text, url=url, is_html=False, warnings=warnings)
    return parse_attachment(data, url, name)


def parse_attachment(body: bytes, url: str, name: str) -> dict:
    """A report published as a file: what the crawl's attachment pipeline does, for one local file."""
    from govreports.parse.sandbox import extract_contained

    extracted = extract_contained(body)
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
