"""The national season bench in small: a registry imported from a list, a replica portal per row
on its own host (https where the list says so, one host shared by a prefecture and its county),
every platform, crawled politely twice."""

import json

from scrapy import Request

from govreports.crawl.fingerprints import PortalRequestFingerprinter
from tests.conftest import run_cli

LIST = [
    ["地区", "门户URL"],
    ["浙江省/台州市/玉环市", "https://www.yuhuan.gov.cn/"],  # 浙江: Hanweb
    ["广东省/湛江市/雷州市", "http://www.leizhou.gov.cn/"],  # 广东: gkmlpt
    ["安徽省/安庆市/怀宁县", "http://www.ahhn.gov.cn/"],  # 安徽: the xxgk platform
    ["陕西省/咸阳市/旬邑县", "http://www.xunyi.gov.cn/"],
    ["山西省/晋城市/高平市", "https://www.gaoping.gov.cn/"],
    ["江西省/南昌市/东湖区", "http://dhq.nc.gov.cn/"],
    ["云南省/红河哈尼族彝族自治州", "http://www.hh.gov.cn/"],
    ["云南省/红河哈尼族彝族自治州/蒙自市", "http://www.hh.gov.cn/"],  # on its prefecture's portal
    # 福建: TRS lists whose second page comes only from the search service (6 of 7 reports in HTML).
    ["福建省/福州市/闽侯县", "http://www.minhou.gov.cn/"],
]


def test_a_small_season_finds_every_report_and_a_rerun_asks_for_no_report_page(tmp_path):
    (tmp_path / "list.csv").write_text("\n".join(",".join(row) for row in LIST), encoding="utf-8")
    imported = run_cli("sites", "import", str(tmp_path / "list.csv"), "-o", str(tmp_path / "sites.toml"))
    assert imported.returncode == 0, imported.stderr
    result = run_cli("bench", "--season", str(tmp_path / "sites.toml"), "--out", str(tmp_path), "--delay", "0.01")
    assert result.returncode == 0, result.stdout + result.stderr
    season = json.loads((tmp_path / "season.json").read_text(encoding="utf-8"))
    assert (season["rows"], season["hosts"], season["https_hosts"]) == (9, 8, 2)
    assert set(season["platforms"]) == {"hanweb", "gkmlpt", "xxgk_label", "trs", "vsb", "legacy"}
    # Every row found its organs' reports, the prefecture and its county on the one host too.
    assert season["reports_found"] == season["reports_expected"] == season["reports_stored"] == 9 * 7
    assert season["rows_short"] == 0
    assert season["bound"]["bound_s"] > 0 and season["crawl"]["peak_rss_mb"] > 0
    assert season["rerun"]["report_pages_asked"] == 0 < season["rerun"]["other_pages_asked"]
    assert "reports found 63 of 63" in result.stdout and "wall / bound" in result.stdout


def test_requests_for_two_rows_on_one_host_are_not_each_other_s_duplicates():
    fingerprints = PortalRequestFingerprinter()
    home = "http://www.hh.gov.cn/"
    prefecture = fingerprints.fingerprint(Request(home, meta={"site_key": "d532500"}))
    county = fingerprints.fingerprint(Request(home, meta={"site_key": "d532503"}))
    county_as_trs = fingerprints.fingerprint(Request(home, meta={"site_key": "d532503:trs"}))
    assert prefecture != county == county_as_trs  # a row is one row, whichever platform it is seen as
    assert fingerprints.fingerprint(Request(home)) not in (prefecture, county)


def test_the_offsite_filter_reads_thousands_of_domains_as_a_set():
    from scrapy.utils.test import get_crawler

    from govreports.crawl.offsite import DomainSetOffsiteMiddleware

    class Portals:
        allowed_domains = [f"county{n}.gov.cn" for n in range(3200)] + ["yuhuan.gov.cn"]

    middleware = DomainSetOffsiteMiddleware.from_crawler(get_crawler())
    spider = Portals()
    follows = {
        url: middleware.should_follow(Request(url), spider)
        for url in (
            "http://www.yuhuan.gov.cn/col/col1/index.html",
            "http://yuhuan.gov.cn/",
            "http://xxgk.county3199.gov.cn/a.html",
            "http://www.yuhuan-gov.cn.example.net/",
            "http://wwwyuhuan.gov.cn/",
            "http://gov.cn/",
        )
    }
    assert list(follows.values()) == [True, True, True, False, False, False]


def test_hosts_take_turns_and_a_busy_host_waits():
    from types import SimpleNamespace

    from scrapy.squeues import FifoMemoryQueue
    from scrapy.utils.test import get_crawler

    from govreports.crawl.priority_queue import TurnTakingPriorityQueue

    active: dict[str, int] = {}
    downloader = SimpleNamespace(
        get_slot_key=lambda request: request.url.split("/")[2],
        slots={},
    )
    crawler = get_crawler()
    crawler.engine = SimpleNamespace(downloader=downloader)
    queue = TurnTakingPriorityQueue.from_crawler(crawler, FifoMemoryQueue, "")
    queue._downloader_interface.stats = lambda slots: [(active.get(slot, 0), slot) for slot in slots]
    for host, count in (("a.gov.cn", 3), ("b.gov.cn", 1), ("c.gov.cn", 2)):
        for n in range(count):
            queue.push(Request(f"http://{host}/{n}"))
    assert len(queue) == 6
    order = [queue.pop().url.split("/")[2][0] for _ in range(3)]
    assert order == ["a", "b", "c"]  # each host in turn
    active["a.gov.cn"] = 2  # a is downloading: c, though after it in turn, goes first
    assert queue.pop().url == "http://c.gov.cn/1"
    assert queue.pop().url == "http://a.gov.cn/1"  # only a is left: busy or not, it is next
    assert queue.pop().url == "http://a.gov.cn/2" and queue.pop() is None and len(queue) == 0
