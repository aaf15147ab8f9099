"""Full-text search over the store's reports (title and text).

The index uses FTS5's trigram tokenizer, so any run of 3 or more characters matches anywhere
in a report, with no word segmentation. Shorter terms (``复议``, ``费``) cannot use a trigram
index; they fall back to a scan with LIKE, which is exact but reads every report. Each term is
searched as a literal phrase, so FTS syntax in a query (quotes, ``*``, ``NEAR``, ``AND``) is
just text.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass

_MARK_START, _MARK_END = "【", "】"
# What one query may ask: past these a query costs minutes and gigabytes, and no person types it.
MAX_TERMS = 12
MAX_TERM_CHARS = 50
MAX_LIMIT = 1000
_SNIPPET_TOKENS = 40  # trigram tokens, so about that many characters


@dataclass
class Hit:
    report_id: str
    year: int | None
    level: str | None
    issuer: str | None
    title: str | None
    url: str
    snippet: str


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    year: int | None = None,
    level: str | None = None,
    region: str | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Reports containing every term of ``query`` (terms separated by spaces), best first."""
    terms = list(dict.fromkeys(unicodedata.normalize("NFKC", query).split()))
    if not terms:
        raise ValueError("empty query")
    if len(terms) > MAX_TERMS:
        raise ValueError(f"{len(terms)} terms; a query takes at most {MAX_TERMS}")
    if any(len(t) > MAX_TERM_CHARS for t in terms):
        raise ValueError(f"a term of more than {MAX_TERM_CHARS} characters; search for a part of it")
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"--limit must be between 1 and {MAX_LIMIT}")
    indexed = [t for t in terms if len(t) >= 3]
    scanned = [t for t in terms if len(t) < 3]
    where, params = [], []
    for term in scanned:
        where.append("(r.title LIKE ? ESCAPE '\\' OR r.text LIKE ? ESCAPE '\\')")
        params += [_like(term), _like(term)]
    for column, value in (("year", year), ("level", level), ("region", region)):
        if value is not None:
            where.append(f"r.{column} = ?")
            params.append(value)
    if indexed:
        sql = (
            "SELECT r.report_id, r.year, r.level, r.issuer, r.title, r.url,"
            f" snippet(reports_fts, -1, '{_MARK_START}', '{_MARK_END}', '…', {_SNIPPET_TOKENS})"
            " FROM reports_fts JOIN reports r ON r.rowid = reports_fts.rowid WHERE reports_fts MATCH ?"
            + "".join(f" AND {clause}" for clause in where)
            + " ORDER BY bm25(reports_fts), r.year DESC LIMIT ?"
        )
        params = [" AND ".join(_phrase(t) for t in indexed), *params, limit]
    else:
        sql = (
            "SELECT r.report_id, r.year, r.level, r.issuer, r.title, r.url, r.text FROM reports r"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY r.year DESC, r.report_id LIMIT ?"
        )
        params.append(limit)
    hits = []
    for rid, year_, level_, issuer, title, url, text in conn.execute(sql, params):
        snippet = text if indexed else _around(text or "", scanned[0])
        hits.append(Hit(rid, year_, level_, issuer, title, url, " ".join(snippet.split())))
    return hits


def _around(text: str, term: str, width: int = 20) -> str:
    at = text.find(term)
    if at < 0:
        return text[: 2 * width]
    start, end = max(0, at - width), at + len(term) + width
    return (
        ("…" if start else "")
        + text[start:at]
        + _MARK_START
        + term
        + _MARK_END
        + text[at + len(term) : end]
        + ("…" if end < len(text) else "")
    )
