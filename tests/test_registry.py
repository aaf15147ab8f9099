"""The site registry: checked as data, read by the named spiders, and crawled as one spider."""

import json
import subprocess

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.request import request_from_dict

from govreports import registry
from govreports.replicas import ground_truth
from govreports.replicas.scoring import score
from govreports.replicas.server import running_replicas
from spiders.mengzi import MengziSpider
from spiders.registry import RegistrySpider
from tests.conftest import REPO, crawl_command, run_cli

BAD = """
[[site]]
key = "a"
name = "甲县人民政府"
region = "甲县"
level = "county"
platform = "cms9"
entry = ["ftp://www.a.gov.cn/"]
domains = ["a.gov.cn"]

[[site]]
key = "a"
name = "甲县人民政府"
region = "甲县"
level = "county"
division_code = "12345"
platform = "trs"
entry = ["http://mirror.example.com/a/"]
domains = ["a.gov.cn"]
politeness = { concurrency = 1 }
"""


def test_a_bad_registry_is_refused_with_every_problem_named(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(registry.RegistryError) as refused:
        registry.load(path)
    assert refused.value.problems == [
        "site #1 (a): unknown platform 'cms9' (known: hanweb, trs, gkmlpt, vsb, xxgk_label, legacy, auto)",
        "site #1 (a): entry 'ftp://www.a.gov.cn/' is not an http(s) URL",
        "site #2 (a): duplicate key",
        "site #2 (a): division_code '12345' is not six digits",
        "site #2 (a): entry 'http://mirror.example.com/a/' is outside its domains ['a.gov.cn']",
        "site #2 (a): politeness needs its reason",
    ]
    result = run_cli("sites", "--file", str(path))
    assert result.returncode == 1 and "6 problem(s)" in result.stderr and "duplicate key" in result.stderr


def test_a_division_code_must_be_the_row_s_own_division():
    row = {"key": "a", "name": "x", "region": "玉环市", "level": "county", "platform": "trs"}
    row |= {"entry": ["http://www.a.gov.cn/"], "domains": ["a.gov.cn"]}
    assert registry.problems_in([row | {"division_code": "331083"}]) == []
    assert registry.problems_in([row | {"division_code": "330424"}]) == [
        "site #1 (a): division_code 330424 is 海盐县, not 玉环市"
    ]
    assert registry.problems_in([row | {"division_code": "999999"}]) == [
        "site #1 (a): division_code 999999 is in no code book since 2008"
    ]


def test_the_packaged_registry_is_valid_and_selects_by_province_or_key():
    result = run_cli("sites", "--province", "浙江")
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == ["yuhuan", "haiyan"]
    sites = list(registry.packaged_sites().values())
    assert [s.key for s in registry.select(sites, ["xunyi", "gaoping"])] == ["xunyi", "gaoping"]
    with pytest.raises(KeyError):
        registry.select(sites, ["nowhere"])


def test_named_spiders_take_their_row():
    row = registry.site("mengzi")
    assert MengziSpider.start_urls == list(row.entry) and MengziSpider.allowed_domains == list(row.domains)
    assert MengziSpider.division["division_code"] == "532503" and MengziSpider.title_must_contain == ("蒙自",)
    assert MengziSpider.site_overrides["CONCURRENT_REQUESTS_PER_DOMAIN"][0] == 1


def test_registry_requests_survive_serialisation_and_carry_per_host_limits():
    crawler = Crawler(RegistrySpider, {})  # settings not yet frozen, as in a real crawl
    spider = RegistrySpider.from_crawler(crawler, sites="mengzi,xunyi")
    assert crawler.settings.getdict("DOWNLOAD_SLOTS") == {"www.hh.gov.cn": {"concurrency": 1}}
    view = spider.views["mengzi"]
    assert view.title_must_contain == ("蒙自",) and view.site == "mengzi"  # the row's, not the spider's
    page = Request("http://www.hh.gov.cn/a/t20200101_1.html", callback=view.parse_report, cb_kwargs={"hints": {}})
    request = spider.routed(page, "mengzi")
    # JOBDIR and the Redis queue store requests by callback name: ours is always dispatch.
    again = request_from_dict(request.to_dict(spider=spider), spider=spider)
    assert again.callback == spider.dispatch and again.meta["step"] == "parse_report"


def test_the_registry_spider_finds_every_site_s_ground_truth(tmp_path):
    with running_replicas() as server:
        command = crawl_command("registry", server.proxy_url, tmp_path / "r.sqlite") + ["-O", str(tmp_path / "r.jsonl")]
        subprocess.run(command, cwd=REPO, check=True, capture_output=True, timeout=300)
    by_site: dict[str, list] = {}
    for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        by_site.setdefault(record["site"], []).append(record)
    assert sorted(by_site) == sorted(registry.packaged_sites())
    for key, records in by_site.items():
        result = score(records, ground_truth(key))
        assert (result.missing, result.unexpected, result.duplicates, result.mismatches) == ([], [], [], []), key
        assert result.cells_correct == result.cells_expected, key
        assert all(r["spider"] == "registry" for r in records)


def test_a_registry_crawl_says_where_it_is(tmp_path):
    with running_replicas() as server:
        command = crawl_command(
            "registry", server.proxy_url, tmp_path / "r.sqlite", "LOG_LEVEL=INFO", "PROGRESS_INTERVAL=0.5"
        )
        crawl = subprocess.run(
            command + ["-a", "sites=xunyi,weiyuan"], cwd=REPO, capture_output=True, text=True, timeout=300
        )
    lines = [line for line in crawl.stderr.splitlines() if "progress:" in line]
    assert len(lines) >= 2, crawl.stderr[-3000:]
    reports = len(ground_truth("xunyi")) + len(ground_truth("weiyuan"))
    # The last line, at the end of the crawl: every portal finished, every report found.
    assert lines[-1].split("progress: ", 1)[1].startswith(f"2 of 2 portals finished, {reports} reports")


def test_on_a_terminal_the_progress_is_a_live_bar(tmp_path):
    import os
    import pty

    with running_replicas() as server:
        command = crawl_command("registry", server.proxy_url, tmp_path / "r.sqlite", "PROGRESS_INTERVAL=0")
        terminal, child_side = pty.openpty()
        crawl = subprocess.Popen(
            command + ["-a", "sites=xunyi"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=child_side
        )
        os.close(child_side)
        shown = b""
        while True:
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # the crawl ended and closed its side
                break
            if not chunk:
                break
            shown += chunk
        assert crawl.wait(timeout=300) == 0
    os.close(terminal)
    assert "registry: 1/1 portals |" in shown.decode("utf-8", "replace")
