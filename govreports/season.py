"""``govreports bench --season REGISTRY``: a national season on loopback.

Every row of a registry (say, one ``govreports sites import`` wrote from a national list) gets a
replica portal on its real host (govreports/replicas/season_sites.py), served through the loopback
proxy, over TLS where the row's entry is https. ``scrapy crawl registry`` then crawls them all
into one store with the production politeness (robots.txt, two requests at a time per host,
AutoThrottle), its delays scaled down so the season fits in minutes, and runs again with nothing
changed. The result:

  found        reports stored per row against the reports its organs published;
  bound        the politeness bound: the busiest host's requests × the delay, and all requests
               × the delay ÷ the global concurrency (each concurrent slot busy with one host);
               the crawl cannot finish sooner than the larger;
  wall, RSS    the crawl's wall time (and its ratio to the bound), the peak RSS of the crawl's
               processes together, requests per second;
  time         where the time went: CPU seconds of the crawl process, of its processing and
               store workers, and of the replica server, against the wall time;
  rerun        what the second crawl asked for: list pages only, no report page again.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from govreports import registry
from govreports.bench import TreeUsage
from govreports.parse.urls import report_id
from govreports.replicas.season_sites import Season, platform_for, season_replicas
from govreports.replicas.server import running_replicas

PRODUCTION_DELAY = 1.0  # DOWNLOAD_DELAY and AUTOTHROTTLE_START_DELAY of govreports/crawl/settings.py
PRODUCTION_MAX_DELAY = 30.0


def run_season(registry_file: Path, out: Path, delay: float = PRODUCTION_DELAY, settings: dict | None = None) -> dict:
    """Crawl a replica of every row of ``registry_file`` twice into ``out``; the measurements."""
    rows = registry.load(registry_file)
    started = time.monotonic()
    season = season_replicas(rows)
    built = time.monotonic() - started
    out.mkdir(parents=True, exist_ok=True)
    for name in ("reports.sqlite", "reports.sqlite-wal", "reports.sqlite-shm"):
        (out / name).unlink(missing_ok=True)
    scale = delay / PRODUCTION_DELAY
    crawl_settings = {
        "DOWNLOAD_DELAY": delay,
        "AUTOTHROTTLE_START_DELAY": delay,
        "AUTOTHROTTLE_MAX_DELAY": PRODUCTION_MAX_DELAY * scale,
        "SQLITE_PATH": out / "reports.sqlite",
        "STATS_DIR": out / "stats",
        **(settings or {}),
    }
    faults = dict.fromkeys(season.https_hosts, "https")
    with running_replicas(sites=season.sites, faults=faults) as server:
        crawl_settings["REPLICA_PROXY"] = server.proxy_url
        first = _crawl(registry_file, crawl_settings, server, out / "crawl-1.log")
        found = _found(out / "reports.sqlite", season)
        second = _crawl(registry_file, crawl_settings, server, out / "crawl-2.log")
    report_paths = {(urlsplit(url).hostname, urlsplit(url).path) for urls in season.expected.values() for url in urls}
    concurrency = _effective(crawl_settings).getint("CONCURRENT_REQUESTS")
    busiest_host, busiest = first.pop("by_host").most_common(1)[0]
    bound = {
        "busiest_host": busiest_host,
        "busiest_host_requests": busiest,
        "busiest_host_s": round(busiest * delay, 1),
        "global_s": round(first["requests"] * delay / concurrency, 1),
    }
    bound["bound_s"] = max(bound["busiest_host_s"], bound["global_s"])
    rerun_paths = second.pop("paths")
    first.pop("paths")
    second.pop("by_host")
    result = {
        "rows": len(rows),
        "hosts": len(season.sites),
        "https_hosts": len(season.https_hosts),
        "platforms": dict(Counter(platform_for(row) for row in rows).most_common()),
        "replicas_built_s": round(built, 1),
        "delay_s": delay,
        "concurrency": concurrency,
        "settings": {name: str(value) for name, value in (settings or {}).items()},
        "reports_expected": season.reports,
        **found,
        "crawl": first,
        "bound": bound,
        "wall_over_bound": round(first["wall_s"] / bound["bound_s"], 2) if bound["bound_s"] else None,
        "rerun": {
            **second,
            "report_pages_asked": sum(n for key, n in rerun_paths.items() if key in report_paths),
            "other_pages_asked": sum(n for key, n in rerun_paths.items() if key not in report_paths),
        },
    }
    (out / "season.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def _effective(overrides: dict):
    """The settings the registry spider crawls with: the project's, its own, then ``overrides``."""
    from govreports.demo import project_settings
    from spiders.registry import RegistrySpider

    settings = project_settings({})
    RegistrySpider.update_settings(settings)
    settings.setdict(overrides, priority="cmdline")
    return settings


def _crawl(registry_file: Path, settings: dict, server, log: Path) -> dict:
    """One ``scrapy crawl registry`` in its own process; what it cost and what the server saw."""
    before_requests, before_paths = server.requests_served, Counter(server.paths)
    command = [sys.executable, "-m", "scrapy", "crawl", "registry", "-a", f"registry_file={registry_file}"]
    command += [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
    command += ["-s", f"LOG_FILE={log}", "-s", "LOG_LEVEL=INFO"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "govreports.crawl.settings"}
    server_cpu = _own_cpu()
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with TreeUsage(process.pid) as tree:
        _, stderr = process.communicate()
    wall = time.monotonic() - started
    if process.returncode != 0:
        raise RuntimeError(f"the season crawl failed (exit {process.returncode}): {stderr.decode()[-2000:]}; see {log}")
    paths = server.paths - before_paths
    requests = server.requests_served - before_requests
    by_host = Counter()
    for (host, _), count in paths.items():
        by_host[host] += count
    return {
        "wall_s": round(wall, 1),
        "requests": requests,
        "requests_per_s": round(requests / wall, 1),
        "peak_rss_mb": round(tree.peak / 2**20, 1),
        "cpu_s": {
            "crawl process": round(tree.cpu_root, 1),
            "its workers": round(tree.cpu_descendants, 1),
            "replica server": round(_own_cpu() - server_cpu, 1),
        },
        "paths": paths,
        "by_host": by_host,
    }


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _found(store: Path, season: Season) -> dict:
    """Reports stored against those the rows' organs published; the rows with some missing, and
    reports stored under another row of their host (two rows with one name on one host)."""
    connection = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        stored = dict(connection.execute("SELECT report_id, site FROM reports").fetchall())
    finally:
        connection.close()
    found, short, elsewhere = 0, {}, 0
    for key, urls in season.expected.items():
        sites = [stored.get(report_id(url)) for url in urls]
        found += sum(site is not None for site in sites)
        elsewhere += sum(site is not None and site != key for site in sites)
        if None in sites:
            short[key] = f"{sum(site is not None for site in sites)} of {len(urls)}"
    return {
        "reports_found": found,
        "reports_stored": len(stored),
        "reports_under_another_row": elsewhere,
        "rows_short": len(short),
        "rows_short_examples": dict(list(short.items())[:10]),
    }


def table(result: dict) -> str:
    crawl, bound, rerun = result["crawl"], result["bound"], result["rerun"]
    cpu = ", ".join(f"{kind} {seconds} s" for kind, seconds in crawl["cpu_s"].items())
    return "\n".join(
        [
            f"season of {result['rows']} registry rows on {result['hosts']} hosts ({result['https_hosts']} https);"
            f" platforms {', '.join(f'{k} {n}' for k, n in result['platforms'].items())}",
            f"  reports found {result['reports_found']} of {result['reports_expected']}"
            f" ({result['rows_short']} rows short; {result['reports_under_another_row']} stored under another row"
            f" of their host); stored {result['reports_stored']}",
            f"  wall {crawl['wall_s']} s for {crawl['requests']} requests ({crawl['requests_per_s']} requests/s);"
            f" peak RSS {crawl['peak_rss_mb']} MB (all the crawl's processes)",
            f"  politeness bound {bound['bound_s']} s (busiest host {bound['busiest_host']}: {bound['busiest_host_requests']}"
            f" requests × {result['delay_s']} s = {bound['busiest_host_s']} s; all requests × delay ÷"
            f" {result['concurrency']} = {bound['global_s']} s); wall / bound = {result['wall_over_bound']}",
            f"  where the time went (CPU seconds in {crawl['wall_s']} s of wall, 2 cores): {cpu}",
            f"  rerun with nothing changed: {rerun['requests']} requests in {rerun['wall_s']} s;"
            f" report pages asked again: {rerun['report_pages_asked']}, other pages: {rerun['other_pages_asked']}",
        ]
    )
