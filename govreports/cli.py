"""The ``govreports`` command: parse local report files, run the offline demo, serve the replicas."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from govreports.local_files import parse_file


def cmd_parse(args: argparse.Namespace) -> int:
    if args.url and len(args.files) > 1:
        print("govreports parse: --url applies to a single file", file=sys.stderr)
        return 2
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            record = parse_file(path, args.url)
        except (OSError, ValueError) as exc:
            print(f"govreports parse: {exc}", file=sys.stderr)
            status = 1
            continue
        print(json.dumps(record, ensure_ascii=False))
    return status


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Score the parser on a folder of real pages with hand-checked truth; exit 1 below --min."""
    from govreports.evaluate import evaluate, read_cases, report

    folder = Path(args.cases)
    if not folder.is_dir():
        print(f"govreports evaluate: no such folder: {folder}", file=sys.stderr)
        return 2
    try:
        score = evaluate(read_cases(folder))
    except (OSError, ValueError) as exc:
        print(f"govreports evaluate: {exc}", file=sys.stderr)
        return 2
    if not score.cases:
        print(f"govreports evaluate: no cases (rNNN.json) in {folder}", file=sys.stderr)
        return 2
    print(json.dumps(score.as_dict(), ensure_ascii=False, indent=1) if args.json else report(score))
    if args.min is not None and score.overall < args.min:
        print(f"govreports evaluate: overall {score.overall:.3f} is below --min {args.min}", file=sys.stderr)
        return 1
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from govreports.demo import DEMO_SPIDERS, run_demo

    return run_demo(Path(args.out), tuple(args.spiders or DEMO_SPIDERS))


def cmd_export(args: argparse.Namespace) -> int:
    from govreports.export import statistics_wide, write_csv, write_parquet

    if read_store(args.database)[0]:  # upgrades an older store before reading it
        return 2
    database, out = Path(args.database), Path(args.output)
    writer = write_parquet if args.format == "parquet" else write_csv
    try:
        count = writer(statistics_wide(database), out)
    except (RuntimeError, sqlite3.Error) as exc:
        print(f"govreports export: {exc}", file=sys.stderr)
        return 1
    print(f"{count} reports → {out}", file=sys.stderr)
    return 0


def read_store(path: str, action=lambda conn: None):
    """``(exit status, action(connection))`` on the store at ``path``, upgraded in place first if
    an older version wrote it; status 2 with a message when it cannot be used."""
    from govreports.store import ReportStore, StoreError

    if not Path(path).is_file():
        print(f"govreports: no such database: {path}", file=sys.stderr)
        return 2, None
    try:
        store = ReportStore(path)
    except (StoreError, sqlite3.DatabaseError) as exc:
        print(f"govreports: cannot use {path}: {exc}", file=sys.stderr)
        return 2, None
    try:
        return 0, action(store.conn)
    finally:
        store.close()


def cmd_search(args: argparse.Namespace) -> int:
    from govreports.search import search

    try:
        status, hits = read_store(
            args.database,
            lambda conn: search(
                conn, args.query, year=args.year, level=args.level, region=args.region, limit=args.limit
            ),
        )
    except ValueError as exc:
        print(f"govreports search: {exc}", file=sys.stderr)
        return 2
    if status:
        return status
    for hit in hits:
        print(f"{hit.year or '?'} {hit.level or '?'} {hit.issuer or '?'}  {hit.title or ''}")
        print(f"    {hit.url}")
        print(f"    {hit.snippet}")
    print(f"{len(hits)} report(s)" + (" (limit reached)" if len(hits) == args.limit else ""), file=sys.stderr)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from govreports.coverage import coverage_text

    status, text = read_store(args.database, coverage_text)
    if not status:
        print(text)
    return status


def cmd_overview(args: argparse.Namespace) -> int:
    from govreports.overview import overview_html

    try:
        status, page = read_store(args.database, overview_html)
    except RuntimeError as exc:
        print(f"govreports overview: {exc}", file=sys.stderr)
        return 2
    if status:
        return status
    Path(args.output).write_text(page, encoding="utf-8")
    print(f"overview → {args.output}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import importlib.util
    import signal
    import subprocess
    import tempfile

    from govreports.datasette_metadata import datasette_metadata

    database = Path(args.database)
    name = database.stem
    metadata = json.dumps(datasette_metadata(name), ensure_ascii=False, indent=1)
    if args.metadata_only:
        print(metadata)
        return 0
    if importlib.util.find_spec("datasette") is None:
        print(
            "govreports serve: Datasette is not installed. Install it with: pip install 'govreports[datasette]'",
            file=sys.stderr,
        )
        return 2
    if read_store(args.database)[0]:  # upgrades an older store, so the canned queries find their tables
        return 2
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        handle.write(metadata)
    command = [sys.executable, "-m", "datasette", "serve", str(database), "--host", "127.0.0.1"]
    command += ["--port", str(args.port), "--metadata", handle.name, "--setting", "sql_time_limit_ms", "5000"]
    print(f"Datasette on http://127.0.0.1:{args.port}/{name}", file=sys.stderr, flush=True)
    datasette = subprocess.Popen(command)
    # Whoever stops us (a service manager, a test) stops Datasette too, rather than orphaning it.
    signal.signal(signal.SIGTERM, lambda *_: datasette.terminate())
    try:
        return datasette.wait()
    except KeyboardInterrupt:  # Ctrl-C reached Datasette as well: let it finish
        return datasette.wait() and 0
    finally:
        Path(handle.name).unlink(missing_ok=True)


def cmd_sites(args: argparse.Namespace) -> int:
    from govreports import registry

    try:
        sites = registry.load(args.file)
        selected = registry.select(sites, args.sites.split(",") if args.sites else None, args.province)
    except (registry.RegistryError, KeyError, OSError) as exc:
        problems = getattr(exc, "problems", [str(exc)])
        print(
            f"govreports sites: {len(problems)} problem(s) in {args.file or 'the packaged registry'}:", file=sys.stderr
        )
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"{'key':<10} {'platform':<8} {'level':<8} {'code':<6}  place: first entry URL")  # CJK last: no padding
    for site in selected:
        place = "".join(site.region_path) or site.region
        print(
            f"{site.key:<10} {site.platform:<8} {site.level:<8} {site.division_code or '-':<6}  {place}: {site.entry[0]}"
        )
    print(f"{len(selected)} of {len(sites)} sites; registry OK", file=sys.stderr)
    return 0


def cmd_places(args: argparse.Namespace) -> int:
    """Every division a name stands for, so a user can see why a record resolved as it did."""
    from govreports.gazetteer import gazetteer

    places = gazetteer()
    found = places.find(args.name, args.year, args.within)
    for division in found:
        years = f"{division.first_year or '…'}–{division.last_year or 'now'}"
        path = "/".join(places.path(division, args.year))
        print(f"{division.code:<9}  {division.level:<10} {years:<9}  {path}")
    print(f"{len(found)} division(s) called {args.name}", file=sys.stderr)
    return 0 if found else 1


def cmd_reparse(args: argparse.Namespace) -> int:
    """Resolve every stored report's place again (region, division code, path, level), no refetching."""
    from govreports import registry
    from govreports.reparse import reparse_places
    from govreports.store import ReportStore, StoreError

    if not Path(args.database).is_file():
        print(f"govreports reparse: no store at {args.database}", file=sys.stderr)
        return 2
    try:
        sites = {site.key: site for site in registry.load(args.sites)}
        store = ReportStore(args.database)
    except (registry.RegistryError, StoreError, sqlite3.DatabaseError) as exc:
        print(f"govreports reparse: {exc}", file=sys.stderr)
        return 2
    try:
        counts = reparse_places(store, sites)
    finally:
        store.close()
    print(f"{args.database}: changed {counts['changed']}, unchanged {counts['unchanged']}", file=sys.stderr)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Crawl and processing benchmark on a generated portal; prints a table, writes OUT/bench.json."""
    from govreports.bench import run_bench, table

    try:
        result = run_bench(args.reports, Path(args.out), args.sample, compare=not args.no_compare, workers=args.workers)
    except ModuleNotFoundError as exc:
        print(f"govreports bench: {exc.name} is missing; pip install 'govreports[bench]'", file=sys.stderr)
        return 2
    except (RuntimeError, ValueError) as exc:
        print(f"govreports bench: {exc}", file=sys.stderr)
        return 1
    print(table(result))
    print(f"written: {Path(args.out) / 'bench.json'}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    """Fold worker stores into one (created if missing); each input is one transaction."""
    from govreports.store import ReportStore, StoreError

    target = Path(args.database).resolve()
    inputs = [Path(name) for name in args.inputs]
    for path in inputs:
        if not path.is_file() or path.resolve() == target:
            print(f"govreports merge: {path} is not another store file", file=sys.stderr)
            return 2
    try:
        store = ReportStore(target)
    except (StoreError, sqlite3.DatabaseError) as exc:
        print(f"govreports merge: cannot use {target}: {exc}", file=sys.stderr)
        return 2
    status = 0
    try:
        for path in inputs:
            try:
                counts = store.merge_from(path)
            except (StoreError, sqlite3.DatabaseError) as exc:
                print(f"govreports merge: {path} not merged: {exc}", file=sys.stderr)
                status = 1
                continue
            print(f"{path}: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()), file=sys.stderr)
    finally:
        store.close()
    return status


def cmd_replicas(args: argparse.Namespace) -> int:
    from govreports.replicas.server import ReplicaServer

    server = ReplicaServer(args.port)
    print(f"Replica portals on {server.proxy_url}; crawl with -s REPLICA_PROXY={server.proxy_url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="govreports", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="structure local report files; one JSON record per line on stdout")
    p.add_argument("files", nargs="+", help=".html/.htm (any encoding), .txt, .pdf, .docx, .doc or .wps files")
    p.add_argument("--url", help="the source URL of the (single) file")
    p.set_defaults(func=cmd_parse)
    ev = sub.add_parser("evaluate", help="score the parser on real pages with hand-checked truth (rNNN.json cases)")
    ev.add_argument("cases", help="a folder of cases, e.g. ../shared/realworld/cases")
    ev.add_argument("--min", type=float, help="exit 1 when the overall score is below this (0–1)")
    ev.add_argument("--json", action="store_true", help="print the scores, misses and inventions as JSON")
    ev.set_defaults(func=cmd_evaluate)
    d = sub.add_parser("demo", help="crawl the replica portals offline into DIR/reports.sqlite and DIR/reports.jsonl")
    d.add_argument("--out", default="demo-output", help="output directory (default: demo-output)")
    d.add_argument("--spiders", nargs="*", help="spiders to run (default: the five seed spiders)")
    d.set_defaults(func=cmd_demo)
    e = sub.add_parser("export", help="export a store for pandas/R: one row per report, one column per cell")
    e.add_argument("database", help="the SQLite store (reports.sqlite)")
    e.add_argument("--table", choices=["statistics-wide"], default="statistics-wide")
    e.add_argument("--format", choices=["csv", "parquet"], default="csv")
    e.add_argument("-o", "--output", required=True, help="output file")
    e.set_defaults(func=cmd_export)
    q = sub.add_parser("search", help="full-text search of a store; prints matches with a highlighted snippet")
    q.add_argument("database")
    q.add_argument("query", help="terms separated by spaces; each is a literal phrase (3+ characters use the index)")
    q.add_argument("--year", type=int)
    q.add_argument("--level", choices=["province", "prefecture", "county", "department", "township", "unknown"])
    q.add_argument("--region", help="the division's own name, e.g. 玉环市")
    q.add_argument("--limit", type=int, default=20)
    q.set_defaults(func=cmd_search)
    m = sub.add_parser("summary", help="terminal overview of a store: coverage, gaps, failing checks, warnings")
    m.add_argument("database")
    m.set_defaults(func=cmd_summary)
    o = sub.add_parser("overview", help="one offline HTML page with charts, coverage, failing checks, late reports")
    o.add_argument("database")
    o.add_argument("-o", "--output", default="overview.html")
    o.set_defaults(func=cmd_overview)
    v = sub.add_parser("serve", help="browse a store in Datasette on 127.0.0.1, with metadata and canned queries")
    v.add_argument("database")
    v.add_argument("--port", type=int, default=8001)
    v.add_argument("--metadata-only", action="store_true", help="print the Datasette metadata JSON and exit")
    v.set_defaults(func=cmd_serve)
    g = sub.add_parser("merge", help="fold the stores of a shared crawl's workers into one store")
    g.add_argument("database", help="the store to merge into (created if missing)")
    g.add_argument("inputs", nargs="+", help="worker stores; each is brought to the current schema first")
    g.set_defaults(func=cmd_merge)
    t = sub.add_parser("sites", help="list the site registry, checked (duplicate keys, bad URLs, unknown platforms)")
    t.add_argument("--file", help="a registry TOML to check instead of the packaged govreports/sites.toml")
    t.add_argument("--province", help="only rows in this province (浙江 matches 浙江省)")
    t.add_argument("--sites", help="only these keys, comma-separated")
    t.set_defaults(func=cmd_sites)
    n = sub.add_parser("places", help="the divisions a name stands for: code, level, years and path")
    n.add_argument("name", help="a division's name as a report writes it: 玉环县, 红河州, 城关镇")
    n.add_argument("--year", type=int, help="only divisions that had this name in this year")
    n.add_argument("--within", help="only divisions under this code (a county's 6 digits, say)")
    n.set_defaults(func=cmd_places)
    u = sub.add_parser("reparse", help="resolve the place of every stored report again (after a gazetteer update)")
    u.add_argument("database")
    u.add_argument("--sites", help="site registry the records were crawled with (default: the packaged one)")
    u.set_defaults(func=cmd_reparse)
    b = sub.add_parser("bench", help="benchmark crawl throughput, per-report cost and memory on a generated portal")
    b.add_argument("--reports", type=int, default=2000, help="reports on the generated portal (default 2000)")
    b.add_argument("--out", default="bench-output", help="directory for the store, feed, logs and bench.json")
    b.add_argument("--sample", type=int, default=400, help="pages timed in the processing part (default 400)")
    b.add_argument("--no-compare", action="store_true", help="time only govreports, not trafilatura and GNE")
    b.add_argument(
        "--workers", type=int, default=1, help="PROCESSING_WORKERS of the crawl (default 1; 0: all in one process)"
    )
    b.set_defaults(func=cmd_bench)
    r = sub.add_parser("replicas", help="serve the replica portals on loopback for scrapy crawl -s REPLICA_PROXY=…")
    r.add_argument("--port", type=int, default=8765)
    r.set_defaults(func=cmd_replicas)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
