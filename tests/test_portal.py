"""The generic ``portal`` spider: from any replica's home page, exactly the reports the site spiders find."""

import json
import subprocess

import pytest

from govreports.replicas import replica_sites
from govreports.replicas.scoring import score
from govreports.replicas.server import running_replicas
from spiders.platforms.discovery import _NAV_PATH_RE, _NAV_TEXT_RE, government_domain
from tests.conftest import REPO, crawl_command

HOMES = {
    "yuhuan": "http://www.yuhuan.gov.cn/",
    "haiyan": "http://www.haiyan.gov.cn/",
    "gaoping": "http://xxgk.sxgp.gov.cn/",
    "mengzi": "http://www.hh.gov.cn/",  # the prefecture portal: every 红河 county's reports are its own
    "leizhou": "http://www.leizhou.gov.cn/",
    "sihong": "http://www.sihong.gov.cn/",
    "zhenxiong": "http://www.zx.gov.cn/",
    "dianbai": "http://www.dianbai.gov.cn/",
    "xunyi": "http://www.xunyi.gov.cn/",
    "huaining": "http://www.ahhn.gov.cn/",
    "weiyuan": "http://www.cnwy.gov.cn/",
}


def test_government_domain_families_and_navigation_links():
    assert government_domain("www.yuhuan.gov.cn") == government_domain("yuhuan.gov.cn") == "yuhuan.gov.cn"
    assert government_domain("xxgk.sxgp.gov.cn") == "sxgp.gov.cn"
    assert government_domain("www.yuhuan-gov.cn.example.net") == "example.net"
    for text in ("政府信息公开", "部门政府信息公开年报", "政府信息公开年度报告", "信息公开目录"):
        assert _NAV_TEXT_RE.search(text), text
    for title in ("玉环市2020年政府信息公开工作年度报告", "2021年政府信息公开年报"):
        assert not _NAV_TEXT_RE.search(title), title  # a report, not a way to reports
    for path in ("/zfxxgk/xxgkndbg/andfl/2019n1/", "/xzjd/mss/zfxxgknb/", "/gkmlpt/index", "/zfxxgk/zfxxgknb.htm"):
        assert _NAV_PATH_RE.search(path), path


@pytest.fixture(scope="module")
def portal_records(tmp_path_factory):
    out = tmp_path_factory.mktemp("portal")
    records = {}
    with running_replicas() as server:
        for key, home in HOMES.items():
            feed = out / f"{key}.jsonl"
            command = crawl_command("portal", server.proxy_url, out / f"{key}.sqlite") + ["-a", f"url={home}"]
            result = subprocess.run(
                command + ["-O", str(feed)], cwd=REPO, capture_output=True, text=True, timeout=300, check=True
            )
            lines = feed.read_text(encoding="utf-8").splitlines()
            records[key] = ([json.loads(line) for line in lines], result.stderr)
    return records


@pytest.mark.parametrize("key", HOMES)
def test_the_portal_spider_finds_exactly_what_the_site_spider_finds(key, portal_records):
    records, log = portal_records[key]
    truth = [doc.ground_truth() for doc in replica_sites()[key].documents if doc.is_report]
    result = score(records, truth)
    assert (result.missing, result.unexpected, result.duplicates) == ([], [], [])
    assert result.cells_correct == result.cells_expected  # the same pages, the same tables
    if key == "yuhuan":  # its home page links a spam mirror of the 年报 column
        assert "www.yuhuan-gov.cn.example.net, outside yuhuan.gov.cn: not followed" in log
