"""docs/schema.md says what the code emits: the record's fields, the statistics keys, the summary,
the checks and the store's tables, each compared with the code that makes them."""

import re

import pytest

from govreports.parse.checks import consistency_checks
from govreports.parse.statistics import summarise
from govreports.parse.statistics_template import (
    ACTIVE_BLOCKS,
    APPLICANT_COLUMNS,
    PRE2019_KEYS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    application_rows,
)
from govreports.schema import SCHEMA_FIELDS
from govreports.store.store import ReportStore
from tests.conftest import REPO

DOC = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")


def _section(heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    start = DOC.index("\n", DOC.index(heading))  # after the heading's own line
    level = heading.split(" ")[0]
    rest = DOC[start:]
    end = re.search(rf"\n#{{1,{len(level)}}} ", rest)
    return rest[: end.start()] if end else rest


def _names(text: str) -> list[str]:
    return re.findall(r"`([a-z_0-9]+)`", text)


def test_the_record_s_fields_in_order():
    rows = re.findall(r"^\| `([a-z_]+)` \|", _section("## 1. The record"), re.M)
    assert tuple(rows) == SCHEMA_FIELDS


def test_the_statistics_keys_of_both_templates():
    active = _section("### 2.1")
    for template, blocks in ACTIVE_BLOCKS.items():
        part = active[active.index(f"{template} template") :]
        part = part[: part.index("template", 20)] if template == "2019" else part
        named = set(_names(part))
        for block in blocks:
            assert {key for key, _ in block.rows} | set(block.columns) <= named, template
    rows = {key for template in ACTIVE_BLOCKS for key, _, _ in application_rows(template)}
    section_3 = _section("### 2.2")
    assert set(_names(section_3)) == rows | set(APPLICANT_COLUMNS)
    assert set(_names(_section("### 2.3"))) == set(REVIEW_GROUPS) | set(REVIEW_COLUMNS)
    assert set(_names(_section("### 2.4"))) == set(PRE2019_KEYS)


def test_the_summary_keys_and_the_rules():
    assert _names(_section("## 3. Summary")) == list(summarise(None))
    documented = [name for name in _names(_section("## 4. Checks")) if name.count("_")]
    assert documented == [check["rule"] for check in consistency_checks(None)]


@pytest.fixture(scope="module")
def store_tables(tmp_path_factory):
    store = ReportStore(tmp_path_factory.mktemp("schema") / "s.sqlite")
    names = [name for (name,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    tables = {
        name: [row[1] for row in store.conn.execute(f"PRAGMA table_info({name})")]
        for name in names
        if name != "sqlite_sequence" and not re.match(r"reports_fts_", name)
    }
    store.close()
    return tables


def test_every_table_of_the_store_and_its_columns(store_tables):
    documented = {
        table: [c.strip(" `") for c in columns.split(",")]
        for table, columns in re.findall(r"^- `([a-z_]+)`: (`.*)$", _section("## 5. The SQLite store"), re.M)
    }
    assert documented == store_tables
