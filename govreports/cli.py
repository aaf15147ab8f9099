"""The ``govreports`` command: parse local report files, run the offline demo, serve the replicas."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from pathlib import Path

from govreports.local_files import parse_file
from govreports.parse.text_cleaning import without_controls


def say(*parts: object, err: bool = False, flush: bool = False) -> None:
    """Print for a terminal. Every line the commands print goes through here, with the control
    characters a server's text may carry removed (ESC[2J would clear the screen)."""
    text = without_controls(" ".join(str(part) for part in parts))
    print(text, file=sys.stderr if err else sys.stdout, flush=flush)


def cmd_parse(args: argparse.Namespace) -> int:
    if args.url and len(args.files) > 1:
        say("govreports parse: --url applies to a single file", err=True)
        return 2
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            record = parse_file(path, args.url)
        except (OSError, ValueError) as exc:
            say(f"govreports parse: {exc}", err=True)
            status = 1
            continue
        except Exception as exc:  # noqa: BLE001 - one file's failure is its own line, not the end of the run
            say(f"govreports parse: {path}: could not be read ({type(exc).__name__}: {exc})", err=True)
            status = 1
            continue
        say(json.dumps(record, ensure_ascii=False))
    return status


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Score the parser on a folder of real pages with hand-checked truth; exit 1 below --min."""
    from govreports.evaluate import evaluate, read_cases, report

    folder = Path(args.cases)
    if not folder.is_dir():
        say(f"govreports evaluate: no such folder: {folder}", err=True)
        return 2
    try:
        score = evaluate(read_cases(folder))
    except (OSError, ValueError) as exc:
        say(f"govreports evaluate: {exc}", err=True)
        return 2
    if not score.cases:
        say(f"govreports evaluate: no cases (rNNN.json) in {folder}", err=True)
        return 2
    say(json.dumps(score.as_dict(), ensure_ascii=False, indent=1) if args.json else report(score))
    if args.min is not None and score.overall < args.min:
        say(f"govreports evaluate: overall {score.overall:.3f} is below --min {args.min}", err=True)
        return 1
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from govreports.demo import DEMO_SPIDERS, run_demo

    return run_demo(Path(args.out), tuple(args.spiders or DEMO_SPIDERS))


def cmd_export(args: argparse.Namespace) -> int:
    from govreports.store.export import statistics_wide, write_csv, write_jsonl, write_parquet
    from govreports.store.outputs import OutputError, checked_output, write_atomically
    from govreports.store.store import stored_records

    try:
        out = checked_output(args.output, store=args.database)
    except OutputError as exc:
        say(f"govreports export: {exc}", err=True)
        return 2

    def export(conn: sqlite3.Connection) -> int:
        if args.format == "jsonl":
            return write_atomically(out, lambda path: write_jsonl((r for r, _ in stored_records(conn)), path))
        writer = write_parquet if args.format == "parquet" else write_csv
        return write_atomically(out, lambda path: writer(statistics_wide(args.database), path))

    try:
        status, count = read_store(args.database, export)
    except (RuntimeError, sqlite3.Error, OutputError) as exc:
        say(f"govreports export: {exc}", err=True)
        return 1
    if status:
        return status
    say(f"{count} reports → {out}", err=True)
    return 0


def read_store(path: str, action=lambda conn: None):
    """``(exit status, action(connection))`` on the store at ``path``, opened read-only (an older
    store is upgraded first); status 2 with a message when it is no store."""
    from govreports.store.store import StoreError, open_reader

    if not Path(path).exists():
        say(f"govreports: no such database: {path}", err=True)
        return 2, None
    try:
        conn = open_reader(path)
    except (StoreError, sqlite3.DatabaseError) as exc:
        say(f"govreports: cannot use {path}: {exc}", err=True)
        return 2, None
    try:
        return 0, action(conn)
    finally:
        conn.close()


def cmd_search(args: argparse.Namespace) -> int:
    from govreports.store.search import search

    try:
        status, hits = read_store(
            args.database,
            lambda conn: search(
                conn, args.query, year=args.year, level=args.level, region=args.region, limit=args.limit
            ),
        )
    except ValueError as exc:
        say(f"govreports search: {exc}", err=True)
        return 2
    if status:
        return status
    for hit in hits:
        say(f"{hit.year or '?'} {hit.level or '?'} {hit.issuer or '?'}  {hit.title or ''}")
        say(f"    {hit.url}")
        say(f"    {hit.snippet}")
    say(f"{len(hits)} report(s)" + (" (limit reached)" if len(hits) == args.limit else ""), err=True)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from govreports.analysis.coverage import coverage_text

    status, text = read_store(args.database, coverage_text)
    if not status:
        say(text)
    return status


def cmd_overview(args: argparse.Namespace) -> int:
    from govreports.analysis.overview import overview_html
    from govreports.store.outputs import OutputError, checked_output, write_atomically

    try:
        out = checked_output(args.output, store=args.database)
        status, page = read_store(args.database, overview_html)
        if status:
            return status
        write_atomically(out, lambda path: path.write_text(page, encoding="utf-8"))
    except (RuntimeError, OutputError) as exc:
        say(f"govreports overview: {exc}", err=True)
        return 2
    say(f"overview → {out}", err=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import importlib.util
    import signal
    import subprocess
    import tempfile

    from govreports.analysis.datasette_metadata import datasette_metadata

    database = Path(args.database)
    name = database.stem
    metadata = json.dumps(datasette_metadata(name), ensure_ascii=False, indent=1)
    if args.metadata_only:
        say(metadata)
        return 0
    if importlib.util.find_spec("datasette") is None:
        say(
            "govreports serve: Datasette is not installed. Install it with: pip install 'govreports[datasette]'",
            err=True,
        )
        return 2
    if read_store(args.database)[0]:  # upgrades an older store, so the canned queries find their tables
        return 2
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        handle.write(metadata)
    command = [sys.executable, "-m", "datasette", "serve", str(database), "--host", "127.0.0.1"]
    command += ["--port", str(args.port), "--metadata", handle.name, "--setting", "sql_time_limit_ms", "5000"]
    say(f"Datasette on http://127.0.0.1:{args.port}/{name}", err=True, flush=True)
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
    if args.sites_command == "import":
        return cmd_sites_import(args)
    if args.detected:
        return cmd_sites_detected(args)
    from govreports import registry

    try:
        sites = registry.load(args.file)
        selected = registry.select(sites, args.sites.split(",") if args.sites else None, args.province)
    except (registry.RegistryError, KeyError, OSError) as exc:
        problems = getattr(exc, "problems", [str(exc)])
        say(f"govreports sites: {len(problems)} problem(s) in {args.file or 'the packaged registry'}:", err=True)
        for problem in problems:
            say(f"  - {problem}", err=True)
        return 1
    say(f"{'key':<10} {'platform':<8} {'level':<8} {'code':<6}  place: first entry URL")  # CJK last: no padding
    for site in selected:
        place = "".join(site.region_path) or site.region
        say(
            f"{site.key:<10} {site.platform:<8} {site.level:<8} {site.division_code or '-':<6}  {place}: {site.entry[0]}"
        )
    say(f"{len(selected)} of {len(sites)} sites; registry OK", err=True)
    return 0


def cmd_sites_import(args: argparse.Namespace) -> int:
    """Registry rows from a list of portals (XLSX or CSV), every problem named with its line."""
    from tqdm import tqdm

    from govreports.sites_import import county_coverage, import_sites, read_table, to_toml
    from govreports.store.outputs import OutputError, checked_output, write_atomically

    try:
        out = checked_output(args.output) if args.output else None
        table = read_table(Path(args.list))
        # A bar on a terminal (tqdm stays quiet elsewhere); the summary line below either way.
        result = import_sites(tqdm(table, desc="sites import", unit="row", disable=None, file=sys.stderr))
    except (OSError, ValueError, OutputError) as exc:
        say(f"govreports sites import: {exc}", err=True)
        return 2
    for line, kind, what in result.problems:
        say(f"  line {line}: {kind}: {what}", err=True)
    counts = ", ".join(f"{kind} {n}" for kind, n in sorted(result.problem_counts().items())) or "none"
    placed, counties = county_coverage(result.rows)
    say(
        f"{result.read} rows read, {len(result.rows)} registry rows; problems: {counts}; "
        f"county-level divisions with a row: {placed} of {counties}",
        err=True,
    )
    text = to_toml(result.rows)
    if out is None:
        say(text)
    else:
        write_atomically(out, lambda path: path.write_text(text, encoding="utf-8"))
        say(f"registry → {out}", err=True)
    return 0 if result.rows else 1


def cmd_sites_detected(args: argparse.Namespace) -> int:
    """The platform a crawl found for each portal it reached from the home page, and how sure."""
    from govreports import registry
    from govreports.crawl.run_report import detected_platforms

    try:
        stats = json.loads(Path(args.detected).read_text(encoding="utf-8"))
        rows = {site.key: site for site in registry.load(args.file)}
    except (OSError, ValueError, registry.RegistryError) as exc:
        say(f"govreports sites --detected: {exc}", err=True)
        return 2
    detected = stats.get("run/detected") or detected_platforms(stats)
    # agree: of the pages that showed a platform, the share showing this one; sure: of those, the
    # share with strong signs (the rest only added up weak ones).
    say(f"{'key':<12} {'platform':<10} {'pages':>5} {'agree':>5} {'sure':>5}  name")
    for key, found in sorted(detected.items()):
        name = rows[key].name if key in rows else ""
        say(
            f"{key:<12} {found['platform'] or 'none':<10} {found['pages']:>5} {found['share']:>5.0%}"
            f" {found['sure']:>5.0%}  {name}"
        )
    unfound = sum(1 for found in detected.values() if not found["platform"])
    say(f"{len(detected)} portals, {unfound} without a platform found", err=True)
    return 0


def cmd_places(args: argparse.Namespace) -> int:
    """Every division a name stands for, so a user can see why a record resolved as it did."""
    from govreports.places.gazetteer import gazetteer

    places = gazetteer()
    found = places.find(args.name, args.year, args.within)
    for division in found:
        years = f"{division.first_year or '…'}–{division.last_year or 'now'}"
        path = "/".join(places.path(division, args.year))
        say(f"{division.code:<9}  {division.level:<10} {years:<9}  {path}")
    say(f"{len(found)} division(s) called {args.name}", err=True)
    return 0 if found else 1


def cmd_reparse(args: argparse.Namespace) -> int:
    """Resolve every stored report's place again (region, division code, path, level), no refetching."""
    from govreports import registry
    from govreports.reparse import reparse_places
    from govreports.store.store import ReportStore, StoreError

    if not Path(args.database).is_file():
        say(f"govreports reparse: no store at {args.database}", err=True)
        return 2
    try:
        sites = {site.key: site for site in registry.load(args.sites)}
        store = ReportStore(args.database)
    except (registry.RegistryError, StoreError, sqlite3.DatabaseError) as exc:
        say(f"govreports reparse: {exc}", err=True)
        return 2
    try:
        counts = reparse_places(store, sites)
    finally:
        store.close()
    say(f"{args.database}: changed {counts['changed']}, unchanged {counts['unchanged']}", err=True)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Crawl and processing benchmark on a generated portal; prints a table, writes OUT/bench.json."""
    if args.season:
        return cmd_season(args)
    from govreports.bench import run_bench, table

    try:
        result = run_bench(args.reports, Path(args.out), args.sample, compare=not args.no_compare, workers=args.workers)
    except ModuleNotFoundError as exc:
        say(f"govreports bench: {exc.name} is missing; pip install 'govreports[bench]'", err=True)
        return 2
    except (RuntimeError, ValueError) as exc:
        say(f"govreports bench: {exc}", err=True)
        return 1
    say(table(result))
    say(f"written: {Path(args.out) / 'bench.json'}")
    return 0


def cmd_season(args: argparse.Namespace) -> int:
    """The national season on loopback; prints a table, writes OUT/season.json."""
    from govreports import registry
    from govreports.season import run_season, table

    settings = dict(setting.split("=", 1) for setting in args.set if "=" in setting)
    if len(settings) != len(args.set):
        say("govreports bench --set: NAME=VALUE, e.g. --set CONCURRENT_REQUESTS=64", err=True)
        return 2
    try:
        result = run_season(Path(args.season), Path(args.out), args.delay, settings)
    except registry.RegistryError as exc:
        say(f"govreports bench --season: {exc}", err=True)
        return 2
    except RuntimeError as exc:
        say(f"govreports bench --season: {exc}", err=True)
        return 1
    say(table(result))
    say(f"written: {Path(args.out) / 'season.json'}")
    return 0 if result["reports_found"] == result["reports_expected"] else 1


def cmd_merge(args: argparse.Namespace) -> int:
    """Fold worker stores into one (created if missing); each input is one transaction."""
    from govreports.store.store import ReportStore, StoreError

    target = Path(args.database).resolve()
    inputs = [Path(name) for name in args.inputs]
    for path in inputs:
        if not path.is_file() or path.resolve() == target:
            say(f"govreports merge: {path} is not another store file", err=True)
            return 2
    try:
        store = ReportStore(target)
    except (StoreError, sqlite3.DatabaseError) as exc:
        say(f"govreports merge: cannot use {target}: {exc}", err=True)
        return 2
    status = 0
    try:
        for path in inputs:
            try:
                counts = store.merge_from(path)
            except (StoreError, sqlite3.DatabaseError) as exc:
                say(f"govreports merge: {path} not merged: {exc}", err=True)
                status = 1
                continue
            say(f"{path}: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()), err=True)
    finally:
        store.close()
    return status


def cmd_replicas(args: argparse.Namespace) -> int:
    from govreports.replicas.server import ReplicaServer

    server = ReplicaServer(args.port)
    say(f"Replica portals on {server.proxy_url}; crawl with -s REPLICA_PROXY={server.proxy_url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def _year(text: str) -> int:
    """A year as the commands take it: four digits of this era, not an arbitrary integer."""
    if not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"not a report year: {text}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="govreports", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    parse = sub.add_parser("parse", help="structure local report files; one JSON record per line on stdout")
    parse.add_argument("files", nargs="+", help=".html/.htm (any encoding), .txt, .pdf, .docx, .doc or .wps files")
    parse.add_argument("--url", help="the source URL of the (single) file")
    parse.set_defaults(func=cmd_parse)
    evaluate = sub.add_parser(
        "evaluate", help="score the parser on real pages with hand-checked truth (rNNN.json cases)"
    )
    evaluate.add_argument("cases", help="a folder of cases, e.g. ../shared/realworld/cases")
    evaluate.add_argument("--min", type=float, help="exit 1 when the overall score is below this (0–1)")
    evaluate.add_argument("--json", action="store_true", help="print the scores, misses and inventions as JSON")
    evaluate.set_defaults(func=cmd_evaluate)
    demo = sub.add_parser(
        "demo", help="crawl the replica portals offline into DIR/reports.sqlite and DIR/reports.jsonl"
    )
    demo.add_argument("--out", default="demo-output", help="output directory (default: demo-output)")
    demo.add_argument("--spiders", nargs="*", help="spiders to run (default: the five seed spiders)")
    demo.set_defaults(func=cmd_demo)
    export = sub.add_parser(
        "export", help="export a store: every report as JSON Lines, or one row per report and one column per cell"
    )
    export.add_argument("database", help="the SQLite store (reports.sqlite)")
    export.add_argument(
        "--table", choices=["statistics-wide"], default="statistics-wide", help="the shape of csv/parquet"
    )
    export.add_argument(
        "--format", choices=["csv", "parquet", "jsonl"], default="csv", help="jsonl: every stored record"
    )
    export.add_argument("-o", "--output", required=True, help="output file")
    export.set_defaults(func=cmd_export)
    search = sub.add_parser("search", help="full-text search of a store; prints matches with a highlighted snippet")
    search.add_argument("database")
    search.add_argument(
        "query", help="terms separated by spaces; each is a literal phrase (3+ characters use the index)"
    )
    search.add_argument("--year", type=_year, help="a report year (1990–2100)")
    search.add_argument("--level", choices=["province", "prefecture", "county", "department", "township", "unknown"])
    search.add_argument("--region", help="the division's own name, e.g. 玉环市")
    search.add_argument("--limit", type=int, default=20)
    search.set_defaults(func=cmd_search)
    summary = sub.add_parser("summary", help="terminal overview of a store: coverage, gaps, failing checks, warnings")
    summary.add_argument("database")
    summary.set_defaults(func=cmd_summary)
    overview = sub.add_parser(
        "overview", help="one offline HTML page with charts, coverage, failing checks, late reports"
    )
    overview.add_argument("database")
    overview.add_argument("-o", "--output", default="overview.html")
    overview.set_defaults(func=cmd_overview)
    serve = sub.add_parser("serve", help="browse a store in Datasette on 127.0.0.1, with metadata and canned queries")
    serve.add_argument("database")
    serve.add_argument("--port", type=int, default=8001)
    serve.add_argument("--metadata-only", action="store_true", help="print the Datasette metadata JSON and exit")
    serve.set_defaults(func=cmd_serve)
    merge = sub.add_parser("merge", help="fold the stores of a shared crawl's workers into one store")
    merge.add_argument("database", help="the store to merge into (created if missing)")
    merge.add_argument("inputs", nargs="+", help="worker stores; each is brought to the current schema first")
    merge.set_defaults(func=cmd_merge)
    sites = sub.add_parser(
        "sites", help="list the site registry, checked (duplicate keys, bad URLs, unknown platforms)"
    )
    sites.add_argument("--file", help="a registry TOML to check instead of the packaged govreports/sites.toml")
    sites.add_argument("--province", help="only rows in this province (浙江 matches 浙江省)")
    sites.add_argument("--sites", help="only these keys, comma-separated")
    sites.add_argument("--detected", metavar="RUN_STATS", help="the platforms a crawl's stats file says it found")
    sites.set_defaults(func=cmd_sites, sites_command=None)
    sites_commands = sites.add_subparsers(dest="sites_command")
    importing = sites_commands.add_parser("import", help="registry rows from a list of portal home pages (XLSX or CSV)")
    importing.add_argument("list", help="the list: columns 地区 (省/市/县) or 门户名称, and 门户URL; or name,url")
    importing.add_argument("-o", "--output", help="the registry TOML to write (default: standard output)")
    places = sub.add_parser("places", help="the divisions a name stands for: code, level, years and path")
    places.add_argument("name", help="a division's name as a report writes it: 玉环县, 红河州, 城关镇")
    places.add_argument("--year", type=_year, help="only divisions that had this name in this year")
    places.add_argument("--within", help="only divisions under this code (a county's 6 digits, say)")
    places.set_defaults(func=cmd_places)
    reparse = sub.add_parser(
        "reparse", help="resolve the place of every stored report again (after a gazetteer update)"
    )
    reparse.add_argument("database")
    reparse.add_argument("--sites", help="site registry the records were crawled with (default: the packaged one)")
    reparse.set_defaults(func=cmd_reparse)
    bench = sub.add_parser("bench", help="benchmark crawl throughput, per-report cost and memory on a generated portal")
    bench.add_argument("--reports", type=int, default=2000, help="reports on the generated portal (default 2000)")
    bench.add_argument("--out", default="bench-output", help="directory for the store, feed, logs and bench.json")
    bench.add_argument("--sample", type=int, default=400, help="pages timed in the processing part (default 400)")
    bench.add_argument("--no-compare", action="store_true", help="time only govreports, not trafilatura and GNE")
    bench.add_argument(
        "--workers", type=int, default=1, help="PROCESSING_WORKERS of the crawl (default 1; 0: all in one process)"
    )
    bench.add_argument(
        "--season",
        metavar="REGISTRY",
        help="instead: a national season, a replica portal for every row of REGISTRY, crawled politely twice",
    )
    bench.add_argument(
        "--delay",
        type=float,
        default=1.0,
        help="the season's per-host delay (default 1, production's; less for a quicker run)",
    )
    bench.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="a Scrapy setting for the season's crawls"
    )
    bench.set_defaults(func=cmd_bench)
    replicas = sub.add_parser(
        "replicas", help="serve the replica portals on loopback for scrapy crawl -s REPLICA_PROXY=…"
    )
    replicas.add_argument("--port", type=int, default=8765)
    replicas.set_defaults(func=cmd_replicas)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
