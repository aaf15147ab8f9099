"""The SQLite store of docs/schema.md §5: WAL, upsert by report_id, child tables replaced with their report.

The search index (``reports_fts``) follows updates and deletes by trigger; a new report is added
to it by the method that inserts it (``upsert_many``, ``merge_from``), a group at a time."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govreports.parse.statistics_template import statistics_labels
from govreports.parse.timeliness import days_late, deadline
from govreports.schema import SCHEMA_FIELDS
from govreports.store.cross_checks import cross_year_checks

# The organ a report belongs to, as SQL over ``reports``: an area's reports (a government's whole-area
# report, published by the government or by its office) are one series keyed by the division's code;
# a department's, or one whose place is unresolved, by the issuer's name.
_AREA = "level IN ('province', 'prefecture', 'county', 'township') AND division_code IS NOT NULL"
SERIES_KEY = f"CASE WHEN {_AREA} THEN division_code ELSE issuer END"

SCHEMA_VERSION = 4

# Version 1, the base layout. Later versions are MIGRATIONS applied in order.
SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    report_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    spider TEXT,
    site TEXT,
    list_url TEXT,
    fetched_at TEXT,
    http_json TEXT,
    title TEXT,
    issuer TEXT,
    region TEXT,
    division_code TEXT,
    region_path_json TEXT,
    level TEXT,
    year INTEGER,
    publish_date TEXT,
    format TEXT,
    script TEXT,
    text TEXT,
    sections_json TEXT,
    statistics_json TEXT,
    summary_json TEXT,
    warnings_json TEXT,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    content_sha1 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_division_code ON reports (division_code);
CREATE INDEX IF NOT EXISTS reports_site_year ON reports (site, year);
CREATE TABLE IF NOT EXISTS statistics (
    report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    row TEXT NOT NULL,
    col TEXT NOT NULL,
    value REAL,
    raw TEXT,
    PRIMARY KEY (report_id, section, row, col)
);
CREATE TABLE IF NOT EXISTS checks (
    report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    ok INTEGER,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS checks_report ON checks (report_id);
CREATE TABLE IF NOT EXISTS attachments (
    report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    name TEXT,
    media_type TEXT,
    sha1 TEXT,
    bytes INTEGER,
    used_for_text INTEGER,
    status TEXT,
    PRIMARY KEY (report_id, url)
);
CREATE TABLE IF NOT EXISTS crawls (
    crawl_id INTEGER PRIMARY KEY AUTOINCREMENT,
    spider TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    new INTEGER DEFAULT 0,
    changed INTEGER DEFAULT 0,
    unchanged INTEGER DEFAULT 0,
    errors INTEGER DEFAULT 0,
    finish_reason TEXT
);
"""

# Each migration runs in one transaction with the version bump, so a database is never half-upgraded.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        "ALTER TABLE reports ADD COLUMN deadline TEXT",
        "ALTER TABLE reports ADD COLUMN days_late INTEGER",
        "CREATE INDEX reports_issuer_year ON reports (issuer, year)",
        # trigram: any substring of 3+ characters matches, which Chinese needs (unicode61 would
        # take a whole run of Han characters as one token).
        "CREATE VIRTUAL TABLE reports_fts USING fts5(title, text, content='reports', tokenize='trigram')",
        "CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN"
        " INSERT INTO reports_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
        "CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN"
        " INSERT INTO reports_fts (reports_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);"
        " END",
        "CREATE TRIGGER reports_fts_update AFTER UPDATE OF title, text ON reports BEGIN"
        " INSERT INTO reports_fts (reports_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);"
        " INSERT INTO reports_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
        "INSERT INTO reports_fts (reports_fts) VALUES ('rebuild')",
        """CREATE TABLE statistics_labels (
            section TEXT NOT NULL,
            row TEXT NOT NULL,
            col TEXT NOT NULL,
            row_label TEXT,
            col_label TEXT,
            unit TEXT,
            PRIMARY KEY (section, row, col)
        )""",
        """CREATE TABLE cross_checks (
            issuer TEXT NOT NULL,
            year_from INTEGER NOT NULL,
            year_to INTEGER NOT NULL,
            rule TEXT NOT NULL,
            ok INTEGER,
            soft INTEGER NOT NULL DEFAULT 0,
            detail TEXT,
            report_from TEXT,
            report_to TEXT,
            PRIMARY KEY (issuer, year_from, year_to, rule)
        )""",
    ),
    3: ("ALTER TABLE crawls ADD COLUMN gone INTEGER DEFAULT 0",),
    # The store indexes new reports itself, a group at a time (see the module's docstring).
    4: ("DROP TRIGGER reports_fts_insert",),
}


class StoreError(Exception):
    """The database cannot be used by this version (for example, a newer schema)."""


# Objects go to *_json columns.
_JSON_COLUMNS = {
    "http_json": "http",
    "region_path_json": "region_path",
    "sections_json": "sections",
    "statistics_json": "statistics",
    "summary_json": "summary",
    "warnings_json": "warnings",
}
# Scalar record fields, as columns of the same name: everything in SCHEMA order that is not
# the key, a *_json object or a child table.
_COLUMNS = tuple(
    name for name in SCHEMA_FIELDS if name not in {"report_id", "checks", "attachments", *_JSON_COLUMNS.values()}
)
# What makes a report "changed": its content, not when or how it was fetched.
_VOLATILE = {"report_id", "fetched_at", "http", "list_url", "spider", "url"}  # url: the same report under www. or https
STATISTICS_SECTIONS = ("active", "applications", "review_litigation", "pre2019")


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")  # orders writes within a second


def _encoded_json(encoded: dict[str, str], field: str) -> str | None:
    """A *_json column from the record's encoded field: SQL NULL for a missing or null field."""
    value = encoded.get(field, "null")
    return None if value == "null" else value


def _encoded_fields(record: dict) -> dict[str, str]:
    """Each field of ``record`` as JSON, encoded once for both its column and the content hash."""
    return {name: json.dumps(value, ensure_ascii=False, sort_keys=True) for name, value in record.items()}


def _content_sha1(encoded: dict[str, str]) -> str:
    # The JSON of the record's content fields as one object (sort_keys), assembled from its fields'.
    content = ", ".join(f'"{name}": {encoded[name]}' for name in sorted(encoded) if name not in _VOLATILE)
    return hashlib.sha1(f"{{{content}}}".encode()).hexdigest()


_OPEN_STORES: dict[str, ReportStore] = {}


def upsert_into(path: str, records: list[dict]) -> list[str]:
    """``upsert_many`` into the store at ``path``, kept open between calls: what a store writer
    process runs (govreports/workers.py)."""
    if path not in _OPEN_STORES:
        _OPEN_STORES[path] = ReportStore(path)
    return _OPEN_STORES[path].upsert_many(records)


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def statistics_rows(statistics: dict | None) -> list[tuple[str, str, str, Any, Any]]:
    """Long format ``(section, row, col, value, raw)``; pre2019 figures are rows with col ``value``."""
    if not statistics:
        return []
    raw = statistics.get("raw") or {}
    rows = []
    for section in STATISTICS_SECTIONS:
        table = statistics.get(section) or {}
        for row, cols in table.items():
            if isinstance(cols, dict):
                for col, value in cols.items():
                    rows.append((section, row, col, value, ((raw.get(section) or {}).get(row) or {}).get(col)))
            else:
                rows.append((section, row, "value", cols, (raw.get(section) or {}).get(row)))
    return rows


def stored_records(conn: sqlite3.Connection, batch: int = 500) -> Iterator[tuple[dict, str]]:
    """Every report of the store on ``conn`` as the record a crawl gave it, with when it was last
    seen. Read a batch at a time by rowid, so the caller may write to the store between batches."""
    conn.row_factory = sqlite3.Row
    last = 0
    while True:
        rows = conn.execute(
            "SELECT rowid, * FROM reports WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, batch)
        ).fetchall()
        if not rows:
            return
        last = rows[-1]["rowid"]
        yield from ((_stored_record(conn, row), row["last_seen_at"]) for row in rows)


def _stored_record(conn: sqlite3.Connection, row: sqlite3.Row) -> dict:
    rid = row["report_id"]
    record = {name: row[name] for name in _COLUMNS}
    for column, name in _JSON_COLUMNS.items():
        record[name] = None if row[column] is None else json.loads(row[column])
    checks = conn.execute("SELECT rule, ok, detail FROM checks WHERE report_id = ? ORDER BY rowid", (rid,))
    record["checks"] = [{"rule": rule, "ok": _flag(ok), "detail": detail} for rule, ok, detail in checks]
    attachments = conn.execute(
        "SELECT url, name, media_type, sha1, bytes, used_for_text, status FROM attachments"
        " WHERE report_id = ? ORDER BY rowid",
        (rid,),
    )
    record["attachments"] = [
        {**dict(zip(a.keys(), a, strict=True)), "used_for_text": _flag(a["used_for_text"])} for a in attachments
    ]
    return {"report_id": rid, **{name: record.get(name) for name in SCHEMA_FIELDS if name != "report_id"}}


_SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite_file(path: str | Path) -> bool:
    """Whether ``path`` is an SQLite database (by its header, whatever its name)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def open_reader(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to the govreports store at ``path``, for the analysis commands: they
    never write, and never touch a file that is not a store (StoreError says why). A store an
    older govreports wrote is upgraded first, which is its only write."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no such store: {path}")
    if not is_sqlite_file(path):
        raise StoreError(f"{path} is not an SQLite database, so not a govreports store")
    conn = _connect_read_only(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        columns = {row[1] for row in conn.execute("PRAGMA table_info(reports)")}
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} cannot be read: {exc}") from exc
    if not {"report_id", "content_sha1", "statistics_json"} <= columns:
        conn.close()
        raise StoreError(f"{path} is an SQLite database but not a govreports store (it has no reports table)")
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(f"{path} has schema version {version}; this govreports reads up to {SCHEMA_VERSION}.")
    if version < SCHEMA_VERSION:
        conn.close()
        ReportStore(path).close()  # one transaction per version, as a crawl would
        conn = _connect_read_only(path)
    return conn


def _connect_read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    conn.row_factory = sqlite3.Row
    return conn


class ReportStore:
    """One SQLite database. Every write is one transaction, so a killed crawl leaves whole reports only."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, timeout=30)
        self.conn.row_factory = sqlite3.Row
        self._use_wal()
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def _use_wal(self, patience: float = 30.0) -> None:
        """Switch to WAL. While another process switches the same new file, SQLite answers
        "database is locked" at once instead of waiting its timeout: so wait here (two shared-crawl
        workers opening one new store at the same moment)."""
        deadline = time.monotonic() + patience
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _migrate(self) -> None:
        """Create the base layout, then apply each migration the database lacks, one transaction
        each. BEGIN IMMEDIATE makes two crawls opening one old database upgrade it once."""
        if self.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return  # current: a reader opening it writes nothing
        self.conn.executescript(SCHEMA)  # IF NOT EXISTS throughout: safe on any version
        while True:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                version = self.conn.execute("PRAGMA user_version").fetchone()[0] or 1
                if version > SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.path} has schema version {version}; this govreports reads up to {SCHEMA_VERSION}."
                        " Upgrade govreports to use it."
                    )
                if version == SCHEMA_VERSION:
                    self.conn.commit()
                    return
                for statement in MIGRATIONS[version + 1]:
                    self.conn.execute(statement)
                if version + 1 == 2:
                    self._fill_deadlines()
                    self.conn.executemany(
                        "INSERT INTO statistics_labels VALUES (?, ?, ?, ?, ?, ?)", statistics_labels()
                    )
                self.conn.execute(f"PRAGMA user_version={version + 1}")
                self.conn.commit()
            except BaseException:
                self.conn.rollback()
                raise

    def _fill_deadlines(self) -> None:
        rows = self.conn.execute("SELECT report_id, year, level, publish_date FROM reports").fetchall()
        for rid, year, level, published in rows:
            due = deadline(year, level or "unknown")
            late = days_late(dt.date.fromisoformat(published) if published else None, due)
            self.conn.execute(
                "UPDATE reports SET deadline = ?, days_late = ? WHERE report_id = ?",
                (due.isoformat() if due else None, late, rid),
            )

    def close(self) -> None:
        self.conn.close()

    def upsert(self, record: dict, seen_at: str | None = None) -> str:
        """Insert or update one report; returns ``new``, ``changed`` or ``unchanged``."""
        return self.upsert_many([record], seen_at)[0]

    def upsert_many(self, records: list[dict], seen_at: str | None = None) -> list[str]:
        """Upsert whole reports in one transaction (one commit costs about as much as writing a
        report); their outcomes in order. A failure rolls all of them back."""
        unindexed: list[int] = []
        with self.conn:
            outcomes = [self._upsert(record, seen_at or now_utc(), unindexed) for record in records]
            self._index_for_search(unindexed)
        return outcomes

    def _index_for_search(self, rowids: list[int]) -> None:
        """Add new reports to the search index in one statement. FTS5 writes out what it holds at
        the end of every statement that may roll back (each child row's insert is one), so indexing
        each report as it was inserted wrote, and later merged, one index segment per report."""
        if rowids:
            self.conn.execute(
                "INSERT INTO reports_fts (rowid, title, text) SELECT rowid, title, text FROM reports"
                f" WHERE rowid IN ({', '.join('?' * len(rowids))})",
                rowids,
            )
            rowids.clear()

    def _upsert(self, record: dict, seen_at: str, unindexed: list[int]) -> str:
        encoded = _encoded_fields(record)
        sha = _content_sha1(encoded)
        values = {name: record.get(name) for name in _COLUMNS}
        values.update({column: _encoded_json(encoded, field) for column, field in _JSON_COLUMNS.items()})
        row = self.conn.execute(
            "SELECT rowid, content_sha1 FROM reports WHERE report_id = ?", (record["report_id"],)
        ).fetchone()
        if row is not None and row["content_sha1"] == sha:
            self.conn.execute(
                "UPDATE reports SET last_seen_at = ?, fetched_at = ?, http_json = ? WHERE report_id = ?",
                (seen_at, values["fetched_at"], values["http_json"], record["report_id"]),
            )
            return "unchanged"
        names = list(values)
        if row is None:
            cursor = self.conn.execute(
                f"INSERT INTO reports (report_id, {', '.join(names)}, first_seen_at, last_seen_at, content_sha1) "
                f"VALUES (?, {', '.join('?' * len(names))}, ?, ?, ?)",
                (record["report_id"], *values.values(), seen_at, seen_at, sha),
            )
            unindexed.append(cursor.lastrowid)
        else:
            if row["rowid"] in unindexed:  # new earlier in this group: its update trigger needs it indexed
                self._index_for_search(unindexed)
            assignments = ", ".join(f"{name} = ?" for name in names)
            self.conn.execute(
                f"UPDATE reports SET {assignments}, last_seen_at = ?, content_sha1 = ? WHERE report_id = ?",
                (*values.values(), seen_at, sha, record["report_id"]),
            )
        self._replace_children(record, replacing=row is not None)
        return "new" if row is None else "changed"

    def records(self, batch: int = 500) -> Iterator[tuple[dict, str]]:
        """Every stored report as the record a crawl gave it, with when it was last seen."""
        return stored_records(self.conn, batch)

    def _replace_children(self, record: dict, replacing: bool) -> None:
        rid = record["report_id"]
        for table in ("statistics", "checks", "attachments") if replacing else ():
            self.conn.execute(f"DELETE FROM {table} WHERE report_id = ?", (rid,))
        self.conn.executemany(
            "INSERT INTO statistics (report_id, section, row, col, value, raw) VALUES (?, ?, ?, ?, ?, ?)",
            [(rid, *row) for row in statistics_rows(record.get("statistics"))],
        )
        self.conn.executemany(
            "INSERT INTO checks (report_id, rule, ok, detail) VALUES (?, ?, ?, ?)",
            [(rid, c.get("rule"), c.get("ok"), c.get("detail")) for c in record.get("checks") or []],
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO attachments (report_id, url, name, media_type, sha1, bytes, used_for_text, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    rid,
                    a.get("url"),
                    a.get("name"),
                    a.get("media_type"),
                    a.get("sha1"),
                    a.get("bytes"),
                    a.get("used_for_text"),
                    a.get("status"),
                )
                for a in record.get("attachments") or []
            ],
        )

    def issuers_missing_cross_checks(self) -> list[str]:
        """Issuers with reports of two consecutive years, both with tables, that the cross_checks
        table does not pair: a crawl killed after storing them and before its end left them so."""
        rows = self.conn.execute(
            """SELECT DISTINCT a.issuer FROM reports a JOIN reports b ON b.issuer = a.issuer AND b.year = a.year + 1
            WHERE a.issuer IS NOT NULL AND a.statistics_json IS NOT NULL AND b.statistics_json IS NOT NULL
              AND a.statistics_json NOT LIKE '%"pre2019"%' AND b.statistics_json NOT LIKE '%"pre2019"%'
              AND NOT EXISTS (SELECT 1 FROM cross_checks x
                              WHERE x.issuer = a.issuer AND x.year_from = a.year AND x.year_to = b.year)"""
        )
        return [issuer for (issuer,) in rows]

    def refresh_cross_checks(self, issuers) -> int:
        """Recompute ``cross_checks`` for ``issuers`` (those a crawl touched); rows written."""
        written = 0
        for issuer in sorted({i for i in issuers if i}):
            by_year: dict[int, tuple[str, dict | None]] = {}
            for rid, year, stats in self.conn.execute(
                "SELECT report_id, year, statistics_json FROM reports WHERE issuer = ? AND year IS NOT NULL"
                " ORDER BY year, report_id",
                (issuer,),
            ):
                by_year.setdefault(year, (rid, json.loads(stats) if stats else None))
            rows = []
            for year, (rid, stats) in by_year.items():
                if year - 1 not in by_year or stats is None or by_year[year - 1][1] is None:
                    continue
                last_rid, last_stats = by_year[year - 1]
                if "pre2019" in last_stats or "pre2019" in stats:
                    continue  # no table to compare
                for check in cross_year_checks(last_stats, stats):
                    rows.append(
                        (
                            issuer,
                            year - 1,
                            year,
                            check["rule"],
                            check["ok"],
                            check["soft"],
                            check["detail"],
                            last_rid,
                            rid,
                        )
                    )
            with self.conn:
                self.conn.execute("DELETE FROM cross_checks WHERE issuer = ?", (issuer,))
                self.conn.executemany("INSERT INTO cross_checks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            written += len(rows)
        return written

    def start_crawl(self, spider: str) -> int:
        with self.conn:
            cursor = self.conn.execute("INSERT INTO crawls (spider, started_at) VALUES (?, ?)", (spider, now_utc()))
        return int(cursor.lastrowid)

    def finish_crawl(
        self, crawl_id: int, counts: dict[str, int], errors: int, finish_reason: str, whole_crawl: bool = True
    ) -> int | None:
        """Close a crawls row; returns ``gone``: the spider's stored reports the run did not see.
        It is only meaningful for a whole run that finished and saw reports (one that saw none
        was blocked or broken, not told that every report went), so other runs leave it null."""
        with self.conn:
            spider, started = self.conn.execute(
                "SELECT spider, started_at FROM crawls WHERE crawl_id = ?", (crawl_id,)
            ).fetchone()
            gone = None
            if finish_reason == "finished" and whole_crawl and sum(counts.values()) > 0:
                (gone,) = self.conn.execute(
                    "SELECT count(*) FROM reports WHERE spider = ? AND last_seen_at < ?", (spider, started)
                ).fetchone()
            self.conn.execute(
                "UPDATE crawls SET finished_at = ?, new = ?, changed = ?, unchanged = ?, gone = ?, errors = ?,"
                " finish_reason = ? WHERE crawl_id = ?",
                (
                    now_utc(),
                    counts.get("new", 0),
                    counts.get("changed", 0),
                    counts.get("unchanged", 0),
                    gone,
                    errors,
                    finish_reason,
                    crawl_id,
                ),
            )
        return gone

    def merge_from(self, path: str | Path) -> dict[str, int]:
        """Fold another store (one worker's share of a crawl) into this one, in one transaction.

        A report only there is copied; one in both takes the content of the later fetch, and the
        earliest first sighting and latest last sighting of the two. Crawls rows are copied once,
        so merging the same file again changes nothing. Returns new/changed/unchanged counts."""
        ReportStore(path).close()  # brings the other file to this schema version
        columns = [row[1] for row in self.conn.execute("PRAGMA table_info(reports)")]
        names = ", ".join(columns)
        crawl_columns = ", ".join(
            row[1] for row in self.conn.execute("PRAGMA table_info(crawls)") if row[1] != "crawl_id"
        )
        self.conn.execute("ATTACH DATABASE ? AS other", (str(path),))
        try:
            with self.conn:
                self.conn.execute("DROP TABLE IF EXISTS temp.merging")
                self.conn.execute(
                    "CREATE TEMP TABLE merging AS SELECT o.report_id, m.report_id IS NULL AS new,"
                    " m.report_id IS NOT NULL AND o.content_sha1 != m.content_sha1"
                    "   AND o.fetched_at > m.fetched_at AS newer"
                    " FROM other.reports o LEFT JOIN main.reports m USING (report_id)"
                )
                counts = dict(
                    self.conn.execute(
                        "SELECT CASE WHEN new THEN 'new' WHEN newer THEN 'changed' ELSE 'unchanged' END, count(*)"
                        " FROM merging GROUP BY 1"
                    ).fetchall()
                )
                self.conn.execute(
                    f"INSERT INTO main.reports ({names}) SELECT {names} FROM other.reports"
                    " WHERE report_id IN (SELECT report_id FROM merging WHERE new)"
                )
                self.conn.execute(
                    "INSERT INTO reports_fts (rowid, title, text) SELECT rowid, title, text FROM main.reports"
                    " WHERE report_id IN (SELECT report_id FROM merging WHERE new)"
                )
                content = [c for c in columns if c not in ("report_id", "first_seen_at", "last_seen_at")]
                self.conn.execute(
                    f"UPDATE main.reports SET ({', '.join(content)}) ="
                    f" (SELECT {', '.join(content)} FROM other.reports o WHERE o.report_id = reports.report_id)"
                    " WHERE report_id IN (SELECT report_id FROM merging WHERE newer)"
                )
                self.conn.execute(
                    "UPDATE main.reports SET"
                    " first_seen_at = min(reports.first_seen_at, o.first_seen_at),"
                    " last_seen_at = max(reports.last_seen_at, o.last_seen_at)"
                    " FROM other.reports o WHERE o.report_id = reports.report_id"
                )
                for table in ("statistics", "checks", "attachments"):
                    copied = "(SELECT report_id FROM merging WHERE new OR newer)"
                    self.conn.execute(f"DELETE FROM main.{table} WHERE report_id IN {copied}")
                    self.conn.execute(
                        f"INSERT INTO main.{table} SELECT * FROM other.{table} WHERE report_id IN {copied}"
                    )
                self.conn.execute(
                    f"INSERT INTO main.crawls ({crawl_columns}) SELECT {crawl_columns} FROM other.crawls o"
                    " WHERE NOT EXISTS (SELECT 1 FROM main.crawls m"
                    "   WHERE m.spider = o.spider AND m.started_at = o.started_at)"
                )
                issuers = [
                    row[0]
                    for row in self.conn.execute(
                        "SELECT DISTINCT issuer FROM main.reports"
                        " WHERE report_id IN (SELECT report_id FROM merging WHERE new OR newer)"
                    )
                ]
                self.conn.execute("DROP TABLE temp.merging")
        finally:
            self.conn.execute("DETACH DATABASE other")
        self.refresh_cross_checks(issuers)
        return {kind: counts.get(kind, 0) for kind in ("new", "changed", "unchanged")}

    def validators(self, rid: str) -> dict[str, str]:
        """What a conditional request needs of a stored report: the ``etag`` and ``last_modified`` it
        was fetched with, when it was ``fetched`` and ``last_seen``; empty for a report not stored."""
        row = self.conn.execute(
            "SELECT http_json, last_seen_at, fetched_at FROM reports WHERE report_id = ?", (rid,)
        ).fetchone()
        if row is None:
            return {}
        http = json.loads(row[0]) if row[0] else {}
        known = {"last_seen": row[1], "fetched": row[2] or ""}
        return known | {name: http[name] for name in ("etag", "last_modified") if http.get(name)}

    def touch(self, rid: str, seen_at: str | None = None) -> None:
        """Record that a stored report was seen again, unchanged (the server said 304)."""
        with self.conn:
            self.conn.execute("UPDATE reports SET last_seen_at = ? WHERE report_id = ?", (seen_at or now_utc(), rid))
