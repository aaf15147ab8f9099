"""Exports of the SQLite store for pandas/R users: one row per report, one column per cell.

Rows stream from two ordered cursors merged by ``report_id``, so memory does not grow with
the store. Columns are fixed by the templates, so every export has the same header.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from govreports.parse.statistics_template import (
    ACTIVE_BLOCKS,
    APPLICANT_COLUMNS,
    PRE2019_KEYS,
    REVIEW_CELLS,
    active_columns,
    application_rows,
)

REPORT_COLUMNS = (
    "report_id",
    "url",
    "site",
    "issuer",
    "region",
    "division_code",
    "level",
    "year",
    "publish_date",
    "format",
    "checks_failed",
)


def cell_columns() -> tuple[str, ...]:
    """``section.row.col`` for every cell of both templates, then the pre-2019 figures."""
    names: dict[str, None] = {}
    for template in ACTIVE_BLOCKS:
        for row, cols in active_columns(template).items():
            names.update((f"active.{row}.{col}", None) for col in cols)
    for template in ACTIVE_BLOCKS:
        for row, _, _ in application_rows(template):
            names.update((f"applications.{row}.{col}", None) for col in APPLICANT_COLUMNS)
    names.update((f"review_litigation.{group}.{col}", None) for group, col in REVIEW_CELLS)
    names.update((f"pre2019.{key}", None) for key in PRE2019_KEYS)
    return tuple(names)


def statistics_wide(db_path: str | Path) -> Iterator[dict]:
    """One dict per report: its identifying fields and every statistics cell (None when absent)."""
    con = sqlite3.connect(f"file:{Path(db_path)}?mode=ro", uri=True)
    try:
        reports = con.execute(
            "SELECT report_id, url, site, issuer, region, division_code, level, year, publish_date, format,"
            " (SELECT group_concat(rule, ' ') FROM checks c WHERE c.report_id = r.report_id AND c.ok = 0)"
            " FROM reports r ORDER BY report_id"
        )
        cells = con.execute("SELECT report_id, section, row, col, value FROM statistics ORDER BY report_id")
        pending = next(cells, None)
        for report in reports:
            row = dict(zip(REPORT_COLUMNS, report, strict=True))
            while pending is not None and pending[0] < row["report_id"]:
                pending = next(cells, None)  # cells of a report deleted mid-read
            while pending is not None and pending[0] == row["report_id"]:
                _, section, name, col, value = pending
                key = f"{section}.{name}" if col == "value" else f"{section}.{name}.{col}"
                row[key] = int(value) if isinstance(value, float) and value.is_integer() else value
                pending = next(cells, None)
            yield row
    finally:
        con.close()


def write_jsonl(records: Iterator[dict], out: Path) -> int:
    """Every record as one line of JSON (docs/schema.md §1), as a crawl's feed has them; the count."""
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_csv(rows: Iterator[dict], out: Path) -> int:
    """Write ``rows`` as UTF-8 CSV (with BOM, so spreadsheet programs read the Chinese); the count."""
    columns = REPORT_COLUMNS + cell_columns()
    count = 0
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({name: _safe_text(value) for name, value in row.items()})
            count += 1
    return count


def _safe_text(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_parquet(rows: Iterator[dict], out: Path, batch_size: int = 2000) -> int:
    """Write ``rows`` as Parquet in batches (needs pyarrow: ``pip install 'govreports[parquet]'``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise RuntimeError("Parquet export needs pyarrow: pip install 'govreports[parquet]'") from exc
    # Cells are float64: money has decimals, and one odd count must not fail the whole file.
    schema = pa.schema(
        [(name, pa.int64() if name == "year" else pa.string()) for name in REPORT_COLUMNS]
        + [(name, pa.float64()) for name in cell_columns()]
    )
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            if len(batch) == batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
