"""Each site spider, unchanged, crawls its replica portal and finds exactly the ground truth."""

import sqlite3
import subprocess
import sys

import pytest

from govreports.demo import DEMO_SPIDERS
from govreports.replicas import ground_truth, replica_sites
from govreports.replicas.scoring import score
from govreports.replicas.sites import SEED_SITES
from tests.conftest import REPO, demo_reports

SPIDERS = DEMO_SPIDERS
SEED_KEYS = {site.key for site in SEED_SITES}


@pytest.mark.parametrize("spider", SPIDERS)
def test_spider_finds_exactly_the_ground_truth(spider, demo_records):
    result = score(demo_records.get(spider, []), ground_truth(spider))
    assert result.missing == []
    assert result.unexpected == []  # no look-alike, no other county's report
    assert result.duplicates == []
    assert result.mismatches == []  # title, issuer, region, level, year, publish_date, format, summary
    assert result.found == result.expected >= 25
    assert result.cell_errors == [] and result.cells_correct == result.cells_expected > 4000
    assert result.check_errors == []  # deliberate errors fail their rule, nothing else fails
    assert result.checks_failed_as_expected == result.checks_expected_to_fail > 0


def test_replicas_meet_the_archetype_minimums():
    for key, site in replica_sites().items():
        truth = site.ground_truth()
        assert len(truth) >= 25, key
        assert len({t["year"] for t in truth}) >= 3, key
        assert {"county", "department", "township"} <= {t["level"] for t in truth}, key
        assert any(not d.is_report for d in site.documents), f"{key} has no look-alikes"
        assert any(d.encoding == "gbk" for d in site.documents), f"{key} has no GBK page"
        if key in SEED_KEYS:
            assert any(d.extra.get("seed") for d in site.documents), f"{key} lacks its seed report"
        # statistics in both templates, late 2019-template tables, deliberate errors, pre-2019 prose
        assert {"2019", "2021", "pre2019"} <= {t["format"] for t in truth}, key
        assert any(t["format"] == "2019" and t["year"] >= 2021 for t in truth), key
        assert any(t["failing_checks"] for t in truth), key
        assert any(t["statistics"] and "pre2019" in t["statistics"] for t in truth), key
        assert len({d.extra.get("table_layout") for d in site.documents} - {None}) >= 2, key
    layouts = {d.extra.get("table_layout") for site in replica_sites().values() for d in site.documents}
    assert {"table", "table_br", "cells", "pipes"} <= layouts


def test_lookalikes_are_dropped_with_a_reason(demo_records):
    titles = [r["title"] for records in demo_records.values() for r in records]
    for lookalike in ("网站工作年度报表", "政府工作报告", "绩效评价报告"):
        assert not [t for t in titles if lookalike in t]


def test_mengzi_keeps_only_its_own_reports_from_the_prefecture_portal(demo_records):
    issuers = {r["issuer"] for r in demo_records["mengzi"]}
    assert all(issuer.startswith("蒙自市") for issuer in issuers)
    others = [d for d in replica_sites()["mengzi"].documents if d.is_report and not d.extra.get("in_scope", True)]
    assert others, "the replica must carry other places' reports for this test to mean anything"


def test_gbk_pages_declared_only_in_meta_decode(demo_records):
    gbk_urls = {
        d.url for site in replica_sites().values() for d in site.documents if d.encoding == "gbk" and d.is_report
    }
    found = [r for records in demo_records.values() for r in records if r["url"] in gbk_urls]
    assert len(found) == len(gbk_urls) > 7
    for record in found:
        assert record["http"]["encoding"].lower() in ("gbk", "gb18030")
        assert "政府信息公开" in record["text"] and "\ufffd" not in record["text"]


def test_demo_database_has_every_report_once(demo_dir, demo_records):
    con = sqlite3.connect(demo_dir / "reports.sqlite")
    (count,) = con.execute("SELECT count(*) FROM reports").fetchone()
    assert count == sum(len(records) for records in demo_records.values()) == demo_reports()
    crawls = con.execute("SELECT spider, new, changed, unchanged, finish_reason FROM crawls").fetchall()
    assert sorted(c[0] for c in crawls) == sorted(SPIDERS)
    assert all(c[4] == "finished" for c in crawls)


def test_scrapy_list_shows_the_seed_spiders():
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True, cwd=REPO, check=True)
    assert set(SPIDERS) <= set(out.stdout.split())
