"""The demo store as an analyst meets it: long-format statistics, checks, and the wide export."""

import csv
import sqlite3

import pyarrow.parquet as pq

from govreports.replicas import replica_sites
from govreports.store.export import REPORT_COLUMNS, cell_columns
from tests.conftest import demo_reports, run_cli


def seed_002_id(con) -> str:
    url = next(d.url for d in replica_sites()["gaoping"].documents if d.extra.get("seed") == "002")
    return con.execute("SELECT report_id FROM reports WHERE url = ?", (url,)).fetchone()[0]


def test_statistics_are_stored_long_with_raw_cells_and_checks(demo_dir):
    con = sqlite3.connect(demo_dir / "reports.sqlite")
    rid = seed_002_id(con)
    cell = con.execute(
        "SELECT value, raw FROM statistics WHERE report_id = ? AND section = 'active' AND row = 'procurement'"
        " AND col = 'amount'",
        (rid,),
    ).fetchone()
    assert cell == (39.0785, "390785元")
    assert con.execute("SELECT count(*) FROM statistics WHERE report_id = ?", (rid,)).fetchone()[0] == 22 + 161 + 15
    checks = con.execute("SELECT rule, ok FROM checks WHERE report_id = ? ORDER BY rule", (rid,)).fetchall()
    assert checks == [
        ("applications_balance", 1),
        ("applications_results_sum", 1),
        ("applications_row_total", 1),
        ("review_litigation_totals", 1),
    ]
    stated = con.execute(
        "SELECT value FROM statistics WHERE section = 'pre2019' AND row = 'active_total' AND col = 'value'"
    ).fetchall()
    assert (5090.0,) in stated and (170.0,) in stated  # seeds 001 and 004


def test_readme_query_applications_received_per_year_and_level(demo_dir):
    con = sqlite3.connect(demo_dir / "reports.sqlite")
    rows = con.execute(
        "SELECT year, level, count(*), count(json_extract(summary_json, '$.applications_new')),"
        " sum(json_extract(summary_json, '$.applications_new')) FROM reports GROUP BY year, level"
    ).fetchall()
    by_key = {(year, level): (n, stating, total) for year, level, n, stating, total in rows}
    assert by_key[(2020, "department")][1] > 0
    total_new = con.execute(
        "SELECT sum(value) FROM statistics WHERE section = 'applications' AND row = 'new' AND col = 'total'"
    ).fetchone()[0]
    pre2019 = con.execute("SELECT sum(value) FROM statistics WHERE row = 'applications_total'").fetchone()[0]
    # Reports whose tables are lost may still state the number in a sentence (seed 000: 受理…28件).
    prose_only = con.execute(
        "SELECT sum(json_extract(summary_json, '$.applications_new')) FROM reports WHERE statistics_json IS NULL"
        " OR statistics_json = 'null'"
    ).fetchone()[0]
    assert prose_only == 28
    assert sum(total or 0 for _, _, total in by_key.values()) == total_new + pre2019 + prose_only


def test_statistics_wide_csv_and_parquet(demo_dir, tmp_path):
    out = tmp_path / "stats.csv"
    result = run_cli("export", str(demo_dir / "reports.sqlite"), "--table", "statistics-wide", "-o", str(out))
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == demo_reports()
    assert list(rows[0]) == list(REPORT_COLUMNS + cell_columns())
    con = sqlite3.connect(demo_dir / "reports.sqlite")
    seed = next(row for row in rows if row["report_id"] == seed_002_id(con))
    assert seed["applications.new.legal_services"] == "2"
    assert seed["active.procurement.amount"] == "39.0785"
    assert seed["active.rules.issued"] == ""  # a 2021 cell in a 2019 report
    failed = [row for row in rows if row["checks_failed"]]
    assert failed and all(
        set(row["checks_failed"].split())
        <= {"applications_balance", "applications_results_sum", "applications_row_total", "review_litigation_totals"}
        for row in failed
    )

    parquet = tmp_path / "stats.parquet"
    result = run_cli("export", str(demo_dir / "reports.sqlite"), "--format", "parquet", "-o", str(parquet))
    assert result.returncode == 0, result.stderr
    table = pq.read_table(parquet)
    assert table.num_rows == demo_reports() and table.column_names == list(REPORT_COLUMNS + cell_columns())
    amounts = dict(
        zip(table.column("report_id").to_pylist(), table.column("active.procurement.amount").to_pylist(), strict=True)
    )
    assert amounts[seed["report_id"]] == 39.0785


def test_csv_neutralises_formula_text(tmp_path):
    from govreports.store.export import write_csv

    out = tmp_path / "x.csv"
    write_csv(iter([{"report_id": "r", "issuer": '=HYPERLINK("http://x")', "active.fees.delta": -3}]), out)
    row = next(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert row["issuer"].startswith("'=") and row["active.fees.delta"] == "-3"


def test_export_of_a_missing_database_says_so(tmp_path):
    result = run_cli("export", str(tmp_path / "nope.sqlite"), "-o", str(tmp_path / "x.csv"))
    assert result.returncode == 2 and "no such database" in result.stderr
