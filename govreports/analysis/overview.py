"""One static HTML page about a store, readable offline: charts (matplotlib, inline SVG), a
site × year coverage grid, and the reports that fail checks or came late, linked to their sources.

The page loads nothing from anywhere: its Content-Security-Policy forbids every fetch, so a
stray external reference would show up as a browser console error rather than a request.
"""

from __future__ import annotations

import io
import sqlite3
import statistics
from collections import defaultdict
from html import escape

from govreports.analysis.coverage import LEVELS
from govreports.analysis.datasette_metadata import CANNED_QUERIES, OUTCOME_GROUP_SQL

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_OUTCOMES = ("granted", "partial", "refused", "unavailable", "not_processed", "other")
_TABLE_ROWS = 200  # longer tables say how many rows were left out


def _pyplot():
    try:
        import matplotlib
    except ImportError as exc:
        raise RuntimeError("the overview page needs matplotlib: pip install 'govreports[overview]'") from exc
    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.fonttype": "none", "font.size": 9, "svg.hashsalt": "govreports"})
    import matplotlib.pyplot as plt

    return plt


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _stacked_bars(plt, years, series: dict[str, list[float]], title: str, ylabel: str) -> str:
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    bottom = [0.0] * len(years)
    for name, values in series.items():
        if any(values):
            ax.bar(years, values, bottom=bottom, label=name)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xticks(years)
    ax.legend(fontsize=7, ncols=6, loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False)
    return _svg(fig)


def _charts(conn: sqlite3.Connection) -> list[str]:
    plt = _pyplot()
    charts = []
    counts = {(y, lv): n for y, lv, n in conn.execute("SELECT year, level, count(*) FROM reports GROUP BY 1, 2")}
    years = sorted({y for y, _ in counts if y is not None})
    charts.append(
        _stacked_bars(
            plt,
            years,
            {lv: [counts.get((y, lv), 0) for y in years] for lv in LEVELS},
            "Reports per year, by level",
            "reports",
        )
    )
    received: dict[int, list[float]] = defaultdict(list)
    for year, value in conn.execute(
        "SELECT year, json_extract(summary_json, '$.applications_new') FROM reports"
        " WHERE year IS NOT NULL AND json_extract(summary_json, '$.applications_new') IS NOT NULL"
    ):
        received[year].append(value)
    app_years = sorted(received)
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    ax.bar(app_years, [sum(received[y]) for y in app_years], color="#4c72b0", label="total received")
    ax.set_ylabel("applications (total)")
    ax.set_xticks(app_years)
    median_axis = ax.twinx()
    median_axis.plot(app_years, [statistics.median(received[y]) for y in app_years], color="#dd8452", marker="o")
    median_axis.set_ylabel("median per organ", color="#dd8452")
    ax.set_title("Applications received per year")
    charts.append(_svg(fig))
    shares: dict[int, dict[str, float]] = defaultdict(dict)
    for year, outcome, total in conn.execute(
        f"SELECT year, {OUTCOME_GROUP_SQL} AS outcome, sum(value) FROM statistics JOIN reports USING (report_id)"
        " WHERE section = 'applications' AND col = 'total' AND row NOT IN ('new', 'carried_in', 'total', 'carried_out')"
        " AND year IS NOT NULL GROUP BY 1, 2"
    ):
        shares[year][outcome] = total or 0
    share_years = sorted(y for y in shares if sum(shares[y].values()))
    charts.append(
        _stacked_bars(
            plt,
            share_years,
            {name: [100 * shares[y].get(name, 0) / sum(shares[y].values()) for y in share_years] for name in _OUTCOMES},
            "How applications ended (share of results, %)",
            "percent",
        )
    )
    cases = {
        year: (review or 0, suits or 0)
        for year, review, suits in conn.execute(
            "SELECT year, sum(json_extract(summary_json, '$.review_total')),"
            " sum(json_extract(summary_json, '$.litigation_total')) FROM reports WHERE year IS NOT NULL GROUP BY year"
        )
    }
    case_years = sorted(cases)
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    width = 0.4
    ax.bar([y - width / 2 for y in case_years], [cases[y][0] for y in case_years], width, label="administrative review")
    ax.bar([y + width / 2 for y in case_years], [cases[y][1] for y in case_years], width, label="litigation")
    ax.set_xticks(case_years)
    ax.set_title("Review and litigation over disclosure, per year")
    ax.legend(fontsize=7)
    charts.append(_svg(fig))
    return charts


def _coverage_grid(conn: sqlite3.Connection) -> str:
    counts = {(s, y): n for s, y, n in conn.execute("SELECT site, year, count(*) FROM reports GROUP BY 1, 2")}
    sites = sorted({s for s, _ in counts if s}, key=str)
    years = sorted({y for _, y in counts if y is not None})
    head = "<tr><th>site</th>" + "".join(f"<th>{y}</th>" for y in years) + "</tr>"
    rows = []
    for site in sites:
        cells = "".join(
            f'<td class="{"have" if counts.get((site, y)) else "gap"}">{counts.get((site, y), "")}</td>' for y in years
        )
        rows.append(f"<tr><th>{escape(site)}</th>{cells}</tr>")
    return f'<table class="grid">{head}{"".join(rows)}</table>'


def _query_table(conn: sqlite3.Connection, sql: str) -> str:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchmany(_TABLE_ROWS + 1)
    body = []
    for row in rows[:_TABLE_ROWS]:
        cells = []
        for name, value in zip(names, row, strict=True):
            text = "" if value is None else escape(str(value))
            cells.append(f'<td><a href="{text}">source</a></td>' if name == "url" and value else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p>Showing the first {_TABLE_ROWS}; query the store for the rest.</p>" if len(rows) > _TABLE_ROWS else ""
    head = "<tr>" + "".join(f"<th>{escape(n)}</th>" for n in names) + "</tr>"
    return (f"<table>{head}{''.join(body)}</table>" if body else "<p>None.</p>") + more


def overview_html(conn: sqlite3.Connection) -> str:
    """The whole page as one string."""
    total = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    if not total:
        charts, grid = [], "<p>The store has no reports yet.</p>"
    else:
        charts, grid = _charts(conn), _coverage_grid(conn)
    sections = [
        f"<h1>govreports overview</h1><p>{total} reports.</p>",
        '<div class="charts">' + "".join(f'<figure class="chart">{svg}</figure>' for svg in charts) + "</div>",
        "<h2>Coverage: reports per site and year</h2>" + grid,
        "<h2>Figures that do not add up</h2>" + _query_table(conn, CANNED_QUERIES["failing_checks"]["sql"]),
        "<h2>Published after the deadline</h2>" + _query_table(conn, CANNED_QUERIES["late_publications"]["sql"]),
        "<h2>Organs missing a year</h2>" + _query_table(conn, CANNED_QUERIES["places_missing_a_year"]["sql"]),
    ]
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>govreports overview</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; color: #222; }}
.charts {{ display: flex; flex-wrap: wrap; gap: 1em; }}
figure.chart {{ margin: 0; border: 1px solid #ddd; padding: .5em; }}
figure.chart svg {{ width: 560px; height: auto; }}
table {{ border-collapse: collapse; font-size: 13px; margin-bottom: 1em; }}
th, td {{ border: 1px solid #ccc; padding: 2px 6px; text-align: left; }}
table.grid td {{ text-align: center; min-width: 2.2em; }}
td.have {{ background: #cfe8cf; }} td.gap {{ background: #f6d5d5; }}
</style></head><body>
{"".join(sections)}
</body></html>
"""
