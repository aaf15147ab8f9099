"""The benchmark in its small form: it completes and writes bench.json. Its numbers are read
by people (README "Performance"), never asserted: timings on a shared machine would flake."""

import json
import sqlite3

import pytest

from tests.conftest import run_cli


def test_the_small_benchmark_crawls_every_report_and_writes_bench_json(tmp_path):
    result = run_cli("bench", "--reports", "2000", "--sample", "100", "--out", str(tmp_path), timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    bench = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert bench["crawl"]["reports_found"] == bench["crawl"]["reports_expected"] == 2000
    # The crawl ran with a processing worker and the store's writer: the store has every report.
    assert bench["crawl"]["processing_workers"] == 1
    assert sqlite3.connect(tmp_path / "reports.sqlite").execute("SELECT count(*) FROM reports").fetchone()[0] == 2000
    # The bare Scrapy spider downloaded the same report pages; ours is a fraction of its rate.
    bare = bench["crawl"]["bare_scrapy"]
    assert bare["report_pages"] == 2000 and bare["report_pages_per_s"] > 0
    ratio = bench["crawl"]["report_pages_per_s"] / bare["report_pages_per_s"]
    assert bench["crawl"]["fraction_of_bare"] == pytest.approx(ratio, abs=0.01)
    processing = bench["processing"]
    assert {"parse", "clean", "structure", "govreports", "trafilatura", "gne"} <= set(processing)
    assert processing["govreports"]["title_accuracy"] == processing["govreports"]["date_accuracy"] == 1.0
    assert "report pages/s" in result.stdout and "× ours" in result.stdout and "of it" in result.stdout


def test_the_bench_portal_cannot_be_asked_for_more_reports_than_it_has(tmp_path):
    result = run_cli("bench", "--reports", "10000000", "--out", str(tmp_path))
    assert result.returncode == 1 and "reports at most" in result.stderr
