"""The report record: the output contract (docs/schema.md), as the one list of its fields every
layer reads, and as a type for the code that builds or reads records."""

from __future__ import annotations

from typing import TypedDict


class Record(TypedDict):
    """One report as every output carries it (``docs/schema.md`` §1), in the order of its fields."""

    report_id: str  # sha1 of the canonical URL: the same report, the same id, on every run
    url: str
    spider: str
    site: str | None
    list_url: str | None
    fetched_at: str
    http: dict | None
    title: str | None
    issuer: str | None
    region: str | None
    division_code: str | None
    region_path: list[str] | None
    level: str
    year: int | None
    publish_date: str | None
    deadline: str | None  # the statutory deadline of the report's year and level (parse/timeliness.py)
    days_late: int | None
    format: str
    script: str
    text: str
    sections: list[dict]
    statistics: dict | None
    summary: dict
    checks: list[dict]
    attachments: list[dict]
    warnings: list[str]


# Field order is the record's; feed exports write them in this order.
SCHEMA_FIELDS: tuple[str, ...] = tuple(Record.__annotations__)
