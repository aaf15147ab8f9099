"""A terminal overview of a store: what is covered, what is missing, what does not add up."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict

from govreports.store.store import SERIES_KEY

LEVELS = ("province", "prefecture", "county", "department", "township", "unknown")


def coverage_text(conn: sqlite3.Connection) -> str:
    """Reports by year × level, each site's organs and years with gaps, failing checks, warnings,
    late publications and the last crawl of each spider."""
    total = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    if not total:
        return "The store has no reports yet. Run a crawl (or `govreports demo`) first."
    out = [f"{total} reports"]
    out += ["", "Reports by year and level", _by_year_and_level(conn)]
    out += ["", "Years found per organ (■ found, · missing)", _years_per_organ(conn)]
    out += ["", "Checks that fail", _failing(conn)]
    out += ["", "Warnings by kind", _warnings(conn)]
    out += ["", "Late publications", _late(conn)]
    out += ["", "Last crawl of each spider", _crawls(conn)]
    return "\n".join(out)


def _by_year_and_level(conn) -> str:
    counts = {(y, lv): n for y, lv, n in conn.execute("SELECT year, level, count(*) FROM reports GROUP BY 1, 2")}
    years = sorted({y for y, _ in counts}, key=lambda y: (y is None, y))
    rows = [f"{'year':>6}" + "".join(f"{lv:>11}" for lv in LEVELS)]
    for year in years:
        label = "?" if year is None else str(year)
        rows.append(f"{label:>6}" + "".join(f"{counts.get((year, lv), 0) or '':>11}" for lv in LEVELS))
    return "\n".join(rows)


def _years_per_organ(conn) -> str:
    found: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    # One row per series (an area's reports whoever publishes them), named by its commonest issuer.
    names: dict[str, Counter] = defaultdict(Counter)
    years: dict[tuple[str, str], set[int]] = defaultdict(set)
    for site, organ, issuer, year in conn.execute(
        f"SELECT site, {SERIES_KEY}, issuer, year FROM reports WHERE year IS NOT NULL"
    ):
        names[organ or "?"][issuer or "?"] += 1
        years[(site or "?", organ or "?")].add(year)
    for (site, organ), found_years in years.items():
        found[site][names[organ].most_common(1)[0][0]] |= found_years
    lines = []
    for site in sorted(found):
        organs = found[site]
        first = min(min(years) for years in organs.values())
        last = max(max(years) for years in organs.values())
        lines.append(f"{site}: {len(organs)} organs, {first}–{last}")
        width = max(len(issuer) for issuer in organs)
        for issuer in sorted(organs):
            years = organs[issuer]
            span = range(min(years), max(years) + 1)
            marks = " ".join("■" if y in years else "·" for y in span)
            gaps = [str(y) for y in span if y not in years]
            lines.append(
                f"  {issuer:\u3000<{width}} {min(years)} {marks} {max(years)}"
                + (f"  missing {', '.join(gaps)}" if gaps else "")
            )
    return "\n".join(lines)


def _failing(conn) -> str:
    rows = [
        f"  {rule:<28} {n:>5}"
        for rule, n in conn.execute("SELECT rule, count(*) FROM checks WHERE ok = 0 GROUP BY rule ORDER BY rule")
    ]
    rows += [
        f"  {rule:<28} {n:>5}  (across years{', informational' if soft else ''})"
        for rule, soft, n in conn.execute(
            "SELECT rule, soft, count(*) FROM cross_checks WHERE ok = 0 GROUP BY rule, soft ORDER BY rule"
        )
    ]
    return "\n".join(rows) or "  none"


def _warnings(conn) -> str:
    kinds = Counter(
        flag.split(":")[0]
        for (flag,) in conn.execute("SELECT j.value FROM reports, json_each(reports.warnings_json) AS j")
    )
    return "\n".join(f"  {kind:<40} {n:>5}" for kind, n in kinds.most_common()) or "  none"


def _late(conn) -> str:
    delays: dict[str, list[int]] = defaultdict(list)
    for level, days in conn.execute("SELECT level, days_late FROM reports WHERE days_late IS NOT NULL"):
        delays[level].append(days)
    rows = []
    for level in sorted(delays):
        late = sorted(d for d in delays[level] if d > 0)
        median = f", median {late[len(late) // 2]} days late" if late else ""
        rows.append(f"  {level:<11} {len(late):>4} of {len(delays[level]):>4} after the deadline{median}")
    worst = conn.execute(
        "SELECT days_late, issuer, year, url FROM reports WHERE days_late > 0 ORDER BY days_late DESC LIMIT 3"
    ).fetchall()
    rows += [f"  {days:>4} days: {issuer} {year}  {url}" for days, issuer, year, url in worst]
    return "\n".join(rows) or "  no deadlines known"


def _crawls(conn) -> str:
    rows = conn.execute(
        "SELECT spider, started_at, new, changed, unchanged, errors, finish_reason FROM crawls c"
        " WHERE crawl_id = (SELECT max(crawl_id) FROM crawls WHERE spider = c.spider) ORDER BY spider"
    ).fetchall()
    return (
        "\n".join(
            f"  {spider:<10} {started[:19]}  new {new}  changed {changed}  unchanged {unchanged}"
            f"  errors {errors}  {reason or 'unfinished'}"
            for spider, started, new, changed, unchanged, errors, reason in rows
        )
        or "  none"
    )
