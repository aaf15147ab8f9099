"""``govreports bench``: crawl throughput, per-report cost and memory on a generated portal.

The portal is a provincial VSB portal on loopback with one 年报 column per organ: every county
and prefecture government of 浙江 and twenty departments of each, ten years each, so N reports
come from N/10 organs. Report pages are 10–60 KB with their statistics tables; one in twenty is in
traditional script. Bodies are drawn from a fixed set of generated reports (their figures are the
ground truth), so the server's memory does not grow with N.

Three measurements, one table, written to ``bench.json``:
  crawl       ``scrapy crawl registry`` over the portal, politeness off, into SQLite and JSONL, in
              its own process with ``PROCESSING_WORKERS=1`` (a processing worker and the store's
              writer beside it): report pages/s, requests/s, wall time, peak RSS of the crawl
              process and of all its processes together; then, on the same server, a bare Scrapy
              spider that only downloads the same report pages, and our rate as a fraction of its;
  processing  on a sample of the same pages, our stages (parse, clean, structure with statistics)
              per report, and trafilatura and GNE on the same pages, with title and date accuracy
              of all three against the ground truth;
  ratios      trafilatura's and GNE's median time over ours.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from govreports.demo import REPLICA_SETTINGS
from govreports.places.gazetteer import gazetteer
from govreports.replicas.content import ReplicaReport, generated_body, plan_statistics, template_for
from govreports.replicas.site import Unit, html_response
from govreports.replicas.vsb import VsbColumn, VsbSite

HOST = "www.zj-bench.gov.cn"
YEARS = tuple(range(2015, 2025))
DEPARTMENTS = (
    "财政局",
    "教育局",
    "民政局",
    "司法局",
    "审计局",
    "统计局",
    "水利局",
    "商务局",
    "农业农村局",
    "交通运输局",
    "生态环境局",
    "应急管理局",
    "医疗保障局",
    "市场监督管理局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "卫生健康委员会",
    "退役军人事务局",
    "人力资源和社会保障局",
    "文化广电旅游体育局",
)
VARIANTS_PER_YEAR = 12  # distinct generated bodies per year
TRADITIONAL_EVERY = 20  # one report in twenty is in traditional script


class BenchPortal(VsbSite):
    key = "bench"
    hosts = (HOST,)
    host = HOST
    site_name = "浙江省人民政府"

    def __init__(self, reports: int) -> None:
        self.reports = reports
        super().__init__()

    def build(self) -> None:
        variants = self._variants()
        for number, unit in enumerate(_units(self.reports // len(YEARS))):
            column = VsbColumn(f"/zfxxgk/nb{number}.htm", f"{unit.issuer}年报", 1000 + number, per_page=8)
            self.columns.append(column)
            url_for = self.info_url(column)
            for year in YEARS:
                traditional = len(self.documents) % TRADITIONAL_EVERY == 0
                body, plan, date, template = variants[year][len(self.documents) % VARIANTS_PER_YEAR]
                title = unit.title(year)
                doc = ReplicaReport(
                    url=url_for(date),
                    title=_traditional(title) if traditional else title,
                    issuer=unit.issuer,
                    region=unit.region,
                    level=unit.level,
                    year=year,
                    publish_date=date,
                    body_html=_traditional(body) if traditional else body,
                    source=unit.issuer,
                    template=template,
                    figures=plan.figures,
                    active_total=plan.active_total,
                    summary=plan.summary,
                    extra={"truth": {"title": title}} if traditional else {},
                )
                self.documents.append(doc)  # not add(): its membership check is linear in the site
                column.docs.append(doc)
        self._documents = {urlsplit(doc.url).path: doc for doc in self.documents}

    def _variants(self) -> dict[int, list]:
        """Per year, a few generated bodies with their figures; reports share them by reference."""
        variants: dict[int, list] = {}
        for year in YEARS:
            for _ in range(VARIANTS_PER_YEAR):
                plan = plan_statistics(template_for(year), self.rng)
                date = dt.date(year + 1, 1, 10) + dt.timedelta(days=self.rng.randint(0, 80))
                body = generated_body("本机关", year, plan, self.rng, date)
                variants.setdefault(year, []).append((body, plan, date, plan.template))
        return variants

    def detail_page(self, doc: ReplicaReport) -> str:
        return _padded(super().detail_page(doc), doc.url)

    def document_by_path(self, path: str) -> ReplicaReport | None:
        return self._documents.get(path)  # the base class rebuilds its map per request

    def registry_row(self) -> str:
        """The portal as a site registry row (TOML), for ``scrapy crawl registry -a registry_file=``."""
        entry = ", ".join(f'"http://{HOST}{column.path}"' for column in self.columns)
        return (
            '[[site]]\nkey = "bench"\nname = "浙江省人民政府"\nregion = "浙江省"\nlevel = "province"\n'
            f'division_code = "330000"\nregion_path = ["浙江省"]\nplatform = "vsb"\nentry = [{entry}]\n'
            'domains = ["zj-bench.gov.cn"]\n'
        )


def _units(count: int) -> list[Unit]:
    """``count`` organs: 浙江's governments, then their departments, from the gazetteer of 2024."""
    places = gazetteer()
    governments = sorted(
        (d for ds in places.by_code.values() for d in ds if d.stands_in(2024) and d.code.startswith("33")),
        key=lambda d: d.code,
    )
    governments = [d for d in governments if d.level in ("prefecture", "county")]
    units = [Unit(f"{d.name}人民政府", d.name, d.level, YEARS, title_name=d.name) for d in governments]
    units += [Unit(f"{d.name}{office}", d.name, "department", YEARS) for office in DEPARTMENTS for d in governments]
    if count > len(units):
        raise ValueError(f"the bench portal has {len(units) * len(YEARS)} reports at most")
    return units[:count]


@cache
def _traditional(text: str) -> str:  # cached: reports share their bodies
    return _s2t().convert(text)


@cache
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2t")


def _padded(page: str, url: str) -> str:
    """Real detail pages carry related links and inline scripts: 10–60 KB in all. The links are
    a slice of a fixed list, so serving a page costs the server little CPU: it shares the cores."""
    rng = random.Random(url)
    target = rng.randint(10_000, 60_000)
    count = min(len(_RELATED_LINKS), max(0, target - len(page.encode("utf-8"))) // 160)
    start = rng.randrange(len(_RELATED_LINKS) - count + 1)
    links = "".join(_RELATED_LINKS[start : start + count])
    return page.replace("</body>", f'<div class="related"><ul>{links}</ul></div></body>')


_rng = random.Random(0)
_RELATED_LINKS = tuple(
    f'<li><a href="/info/{_rng.randint(1000, 9999)}/{_rng.randint(10000, 99999)}.htm">相关信息公开目录条目{i}</a></li>'
    for i in range(1000)
)


# -- crawl -------------------------------------------------------------------------------------


def run_crawl(portal: BenchPortal, out: Path, concurrency: int = 32, workers: int = 1) -> dict:
    """Crawl the portal with the registry spider in its own process (with ``workers`` processing
    workers and the store's writer); its rates, and the peak RSS of the crawl process and of all
    the crawl's processes together."""
    from govreports.replicas.server import running_replicas

    out.mkdir(parents=True, exist_ok=True)
    registry_file = out / "bench_sites.toml"
    registry_file.write_text(portal.registry_row(), encoding="utf-8")
    for name in ("reports.sqlite", "reports.sqlite-wal", "reports.sqlite-shm", "reports.jsonl"):
        (out / name).unlink(missing_ok=True)
    with running_replicas(sites={"bench": portal}) as server:
        settings = {
            **REPLICA_SETTINGS,  # politeness off, as for the demo
            "REPLICA_PROXY": server.proxy_url,
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "PROCESSING_WORKERS": workers,
            "SQLITE_PATH": out / "reports.sqlite",
            "STATS_DIR": out / "stats",
        }
        command = [sys.executable, "-m", "scrapy", "crawl", "registry", "-a", f"registry_file={registry_file}"]
        command += [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
        command += ["-o", f"{out / 'reports.jsonl'}:jsonlines"]
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "govreports.crawl.settings"}
        started = time.monotonic()
        with (out / "crawl.log").open("wb") as log:
            process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
            with TreeUsage(process.pid) as tree:
                _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        requests = server.requests_served
        bare = run_bare_crawl(portal, server, concurrency) if process.returncode == 0 else {}
    if process.returncode != 0:
        raise RuntimeError(f"the bench crawl failed (exit {process.returncode}); see {out / 'crawl.log'}")
    with (out / "reports.jsonl").open(encoding="utf-8") as feed:
        found = sum(1 for _ in feed)
    return {
        "reports_expected": len(portal.documents),
        "reports_found": found,
        "requests": requests,
        "wall_s": round(wall, 2),
        "report_pages_per_s": round(found / wall, 1),
        "requests_per_s": round(requests / wall, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # the crawl process; Linux reports KiB
        "peak_rss_all_processes_mb": round(tree.peak / 2**20, 1),
        "processing_workers": workers,
        "bare_scrapy": bare,
        "fraction_of_bare": round(found / wall / bare["report_pages_per_s"], 2),
    }


def run_bare_crawl(portal: BenchPortal, server, concurrency: int = 32) -> dict:
    """The limit beside our rate: a bare Scrapy ``CrawlSpider`` over the same portal and server that
    follows the list pages and only downloads each report page (no parsing, pipelines or feed)."""
    entries = [f"http://{HOST}{column.path}" for column in portal.columns]
    command = [sys.executable, "-c", "import sys; from govreports.bench import bare_crawl; bare_crawl(sys.argv[1:])"]
    env = {**os.environ, "http_proxy": server.proxy_url}  # Scrapy's own proxy middleware reads it
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    started = time.monotonic()
    done = subprocess.run(command + [str(concurrency), *entries], env=env, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"the bare Scrapy crawl failed (exit {done.returncode}): {done.stderr[-2000:]}")
    pages = json.loads(done.stdout.strip().splitlines()[-1])["report_pages"]
    return {"report_pages": pages, "wall_s": round(wall, 2), "report_pages_per_s": round(pages / wall, 1)}


def bare_crawl(argv: list[str]) -> None:
    """Run in its own process by :func:`run_bare_crawl`: CONCURRENCY ENTRY… ; prints the count."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.linkextractors import LinkExtractor
    from scrapy.spiders import CrawlSpider, Rule

    concurrency, entries = int(argv[0]), argv[1:]

    class BareSpider(CrawlSpider):
        name = "bare"
        start_urls = entries
        rules = (
            Rule(LinkExtractor(restrict_css=".p_pages"), follow=True),  # the list's other pages
            Rule(LinkExtractor(restrict_css="ul.list"), callback="report_page"),
        )

        def report_page(self, response):
            self.crawler.stats.inc_value("bare/report_pages")

    process = CrawlerProcess(
        {
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "ROBOTSTXT_OBEY": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        }
    )
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler)
    process.start()
    print(json.dumps({"report_pages": crawler.stats.get_value("bare/report_pages", 0)}))


class TreeUsage:
    """A process and its descendants, sampled five times a second: the peak of their summed RSS,
    and the CPU seconds of the process itself and of its descendants (as last seen)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._cpu: dict[int, float] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeUsage:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()

    @property
    def cpu_root(self) -> float:
        return self._cpu.get(self.pid, 0.0)

    @property
    def cpu_descendants(self) -> float:
        return sum(seconds for pid, seconds in self._cpu.items() if pid != self.pid)

    def _sample(self) -> None:
        page, ticks = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
        while not self._done.wait(0.2):
            total = 0
            for pid in process_tree(self.pid):
                try:
                    with open(f"/proc/{pid}/statm") as statm:
                        total += int(statm.read().split()[1]) * page
                    with open(f"/proc/{pid}/stat") as stat:
                        fields = stat.read().rsplit(")", 1)[1].split()
                    self._cpu[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
                except (OSError, IndexError, ValueError):
                    pass  # it just ended
            self.peak = max(self.peak, total)


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from /proc."""
    pids = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                for child in children.read().split():
                    pids += process_tree(int(child))
    except OSError:
        pass
    return pids


# -- processing ------------------------------------------------------------------------------


def sample_pages(portal: BenchPortal, count: int) -> list[tuple[ReplicaReport, bytes]]:
    """``count`` report pages spread over the portal, as the server sends them."""
    docs = random.Random(0).sample(portal.documents, min(count, len(portal.documents)))
    pages = []
    for doc in docs:
        pages.append((doc, html_response(portal.detail_page(doc), doc.encoding).body))
    return pages


def time_processing(pages: list[tuple[ReplicaReport, bytes]], compare: bool = True) -> dict:
    """Per-report milliseconds of each stage and of the other extractors, and their accuracy."""
    from govreports.parse.page_document import extract_document
    from govreports.parse.statistics import parse_statistics
    from govreports.parse.template_format import detect_format
    from govreports.report import clean_document, structure_document

    timings: dict[str, list[float]] = {}
    right: dict[str, list[int]] = {}

    def timed(stage: str, function, *args):
        started = time.perf_counter()
        result = function(*args)
        timings.setdefault(stage, []).append((time.perf_counter() - started) * 1000)
        return result

    def score(tool: str, title: str | None, date: str | None, doc: ReplicaReport) -> None:
        truth = doc.ground_truth()
        counts = right.setdefault(tool, [0, 0, 0])
        counts[0] += _same_title(title, truth["title"])
        counts[1] += _iso_date(date) == truth["publish_date"]
        counts[2] += 1

    gazetteer()  # loaded once per process, not per report
    extractors = _other_extractors() if compare else {}
    for doc, body in pages:
        started = time.perf_counter()
        page = timed("parse", extract_document, body, doc.url)
        clean = timed("clean", clean_document, page)
        fields = timed("structure", structure_document, clean, {})
        timings.setdefault("govreports", []).append((time.perf_counter() - started) * 1000)
        timed("statistics (part of structure)", parse_statistics, clean, detect_format(clean.text)[0])
        score("govreports", fields["title"], fields["publish_date"], doc)
        html = body.decode("utf-8")
        for tool, extract in extractors.items():
            title, date = timed(tool, extract, html, doc.url)
            score(tool, title, date, doc)
    result = {
        stage: {"median_ms": round(statistics.median(ms), 2), "p95_ms": round(_p95(ms), 2)}
        for stage, ms in timings.items()
    }
    for tool, (titles, dates, total) in right.items():
        result[tool].update(title_accuracy=round(titles / total, 3), date_accuracy=round(dates / total, 3))
    ours = result["govreports"]["median_ms"]
    for tool in extractors:
        result[tool]["times_slower_than_govreports"] = round(result[tool]["median_ms"] / ours, 1)
    result["pages"] = len(pages)
    result["traditional_pages"] = sum(1 for doc, _ in pages if "truth" in doc.extra)
    return result


def _other_extractors() -> dict:
    import trafilatura
    from gne import GeneralNewsExtractor

    gne = GeneralNewsExtractor()

    def with_trafilatura(html: str, url: str):
        result = trafilatura.extract(html, url=url, include_tables=True, with_metadata=True, output_format="json")
        data = json.loads(result) if result else {}
        return data.get("title"), data.get("date")

    def with_gne(html: str, url: str):
        data = gne.extract(html)
        return data.get("title"), data.get("publish_time")

    return {"trafilatura": with_trafilatura, "gne": with_gne}


def _same_title(found: str | None, truth: str) -> bool:
    return bool(found) and "".join(found.split()) == "".join(truth.split())


def _iso_date(value: str | None) -> str | None:
    import re

    m = re.search(r"(\d{4})\D(\d{1,2})\D(\d{1,2})", value or "")
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


# -- the run -----------------------------------------------------------------------------------


def run_bench(reports: int, out: Path, sample: int = 400, compare: bool = True, workers: int = 1) -> dict:
    started = time.monotonic()
    portal = BenchPortal(reports)
    built = time.monotonic() - started
    result = {
        "reports": reports,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "portal_build_s": round(built, 2),
        "crawl": run_crawl(portal, out, workers=workers),
        "processing": time_processing(sample_pages(portal, sample), compare),
    }
    (out / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def table(result: dict) -> str:
    crawl, processing = result["crawl"], result["processing"]
    lines = [
        f"crawl of {crawl['reports_expected']} reports: {crawl['reports_found']} found, {crawl['requests']} requests"
        f" in {crawl['wall_s']} s = {crawl['report_pages_per_s']} report pages/s, {crawl['requests_per_s']} requests/s;"
        f" peak RSS {crawl['peak_rss_mb']} MB (crawl process),"
        f" {crawl['peak_rss_all_processes_mb']} MB (with its {crawl['processing_workers']} + 1 workers)",
        f"bare Scrapy spider (download only) on the same portal: {crawl['bare_scrapy']['report_pages_per_s']}"
        f" report pages/s; ours is {crawl['fraction_of_bare']} of it",
        f"processing, {processing['pages']} pages ({processing['traditional_pages']} traditional):",
        f"  {'stage':<32}{'median ms':>10}{'p95 ms':>9}{'title':>8}{'date':>8}{'× ours':>8}",
    ]
    for stage, row in processing.items():
        if not isinstance(row, dict):
            continue
        lines.append(
            f"  {stage:<32}{row['median_ms']:>10.2f}{row['p95_ms']:>9.2f}"
            f"{_percent(row.get('title_accuracy')):>8}{_percent(row.get('date_accuracy')):>8}"
            f"{row.get('times_slower_than_govreports', ''):>8}"
        )
    return "\n".join(lines)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"
