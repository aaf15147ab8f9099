"""``govreports sites import``: a user's list of portals becomes registry rows of platform ``auto``,
every problem named with its line; the rows crawl through discovery, and the platform found is
reported per row (``govreports sites --detected``)."""

import json
import subprocess
import tomllib

import openpyxl

from govreports import registry
from govreports.replicas import replica_sites
from govreports.replicas.scoring import score
from govreports.replicas.server import running_replicas
from govreports.sites_import import county_coverage, import_sites, read_table, registrable_domain, to_toml
from tests.conftest import REPO, crawl_command, run_cli

# A small list in the shape national lists take: a region path, a level, a portal name, a URL.
LIST = [
    ["序号", "地区", "行政层级", "门户名称", "门户URL"],
    ["1", "浙江省/台州市/玉环市", "县级", "玉环市人民政府门户网站", "http://www.yuhuan.gov.cn/"],
    ["2", "陕西省/咸阳市/旬邑县", "县级", "旬邑县人民政府", "www.xunyi.gov.cn"],  # a bare host
    ["3", "云南省/红河哈尼族彝族自治州", "地级", "红河州人民政府", "http://www.hh.gov.cn/"],
    ["4", "云南省/红河哈尼族彝族自治州/蒙自市", "县级", "蒙自市人民政府", "http://www.hh.gov.cn/"],
    ["5", "江西省/南昌市", "地级", "南昌市人民政府", "http://www.nc.gov.cn/"],
    ["6", "江西省/南昌市/东湖区", "县级", "东湖区人民政府", "http://dhq.nc.gov.cn/"],
    ["7", "浙江省/嘉兴市/海盐县", "县级", "海盐县政务服务网", "http://hy.zjzwfw.gov.cn/"],
    ["8", "某省/某市/无此县", "县级", "无此县人民政府", "http://www.wucixian.gov.cn/"],
    ["9", "山西省/晋城市/高平市", "县级", "高平市人民政府", "ftp://xxgk.sxgp.gov.cn/"],
    ["10", "浙江省/台州市/玉环市", "县级", "玉环市人民政府", "http://www.yuhuan.gov.cn/"],
    ["11", "", "", "", ""],
    ["12", "朝阳区", "县级", "朝阳区人民政府", "http://www.example-cy.gov.cn/"],  # 北京's or 长春's?
    ["13", "吉林省/朝阳区", "县级", "朝阳区人民政府", "http://www.example-cy.gov.cn/"],  # 长春's: one in 吉林
]


def _problems(result) -> dict[int, str]:
    return {line: kind for line, kind, _ in result.problems}


def test_a_list_becomes_rows_with_their_division_and_every_problem_named_by_line():
    result = import_sites(LIST)
    rows = {row["key"]: row for row in result.rows}
    assert result.read == 12  # a row with nothing but its number is no row
    assert sorted(rows) == ["d220104", "d331083", "d360100", "d360102", "d532500", "d532503", "d610429"]
    yuhuan = rows["d331083"]
    assert (yuhuan["region"], yuhuan["level"], yuhuan["platform"]) == ("玉环市", "county", "auto")
    assert yuhuan["region_path"] == ["浙江省", "台州市", "玉环市"]
    assert (yuhuan["entry"], yuhuan["domains"]) == (["http://www.yuhuan.gov.cn/"], ["yuhuan.gov.cn"])
    assert rows["d610429"]["entry"] == ["http://www.xunyi.gov.cn/"]
    # 南昌 keeps its registrable domain; 东湖区 on a host under it stays on its own host.
    assert rows["d360100"]["domains"] == ["nc.gov.cn"] and rows["d360102"]["domains"] == ["dhq.nc.gov.cn"]
    # 蒙自 on its prefecture's portal: kept, marked, and held to the reports that name it.
    assert rows["d532503"]["options"] == {"title_must_contain": ["蒙自市"]}
    assert rows["d532500"]["options"] == {"title_must_contain": ["红河"]}
    assert _problems(result) == {
        4: "shared_host",  # 红河's portal also serves a county
        5: "parent_host",  # 蒙自 on its prefecture's portal
        8: "service_host",
        9: "unplaced",
        10: "url",
        11: "duplicate",
        13: "unplaced",  # never guessed between 北京's and 长春's
    }
    unplaced = {line: what for line, kind, what in result.problems if kind == "unplaced"}
    assert "无此县 is no current division" in unplaced[9] and "give its path" in unplaced[13]


def test_the_rows_are_a_valid_registry(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(to_toml(import_sites(LIST).rows), encoding="utf-8")
    assert registry.problems_in(tomllib.loads(path.read_text(encoding="utf-8"))["site"]) == []
    sites = registry.load(path)
    assert {site.platform for site in sites} == {"auto"}
    assert "parent_host: www.hh.gov.cn also serves 红河哈尼族彝族自治州" in path.read_text(encoding="utf-8")


def test_xlsx_csv_and_plain_name_url_lists_read_alike(tmp_path):
    book = openpyxl.Workbook()
    for row in LIST:
        book.active.append(row)
    book.save(tmp_path / "list.xlsx")
    (tmp_path / "list.csv").write_text("\n".join(",".join(row) for row in LIST), encoding="gb18030")
    expected = import_sites(LIST)
    for name in ("list.xlsx", "list.csv"):
        result = import_sites(read_table(tmp_path / name))
        assert (result.rows, result.problems) == (expected.rows, expected.problems), name
    (tmp_path / "plain.csv").write_text("玉环市,http://www.yuhuan.gov.cn/\n旬邑县人民政府,http://www.xunyi.gov.cn/\n")
    plain = import_sites(read_table(tmp_path / "plain.csv"))
    assert [row["division_code"] for row in plain.rows] == ["331083", "610429"] and plain.problems == []
    (tmp_path / "odd.csv").write_text("甲,乙,丙\n1,2,3\n", encoding="utf-8")
    assert [kind for _, kind, _ in import_sites(read_table(tmp_path / "odd.csv")).problems] == ["columns"]


def test_registrable_domains_and_county_coverage():
    assert registrable_domain("www.yuhuan.gov.cn") == "yuhuan.gov.cn"
    assert registrable_domain("dhq.nc.gov.cn") == "nc.gov.cn"
    assert registrable_domain("www.example.com") == "example.com"
    placed, counties = county_coverage(import_sites(LIST).rows)
    assert placed == 5 and counties > 2800  # 玉环, 旬邑, 蒙自, 东湖, 朝阳 of every current county-level division


def test_imported_auto_rows_crawl_through_discovery_and_report_their_platform(tmp_path):
    homes = [
        ["地区", "门户URL"],
        ["浙江省/台州市/玉环市", "http://www.yuhuan.gov.cn/"],  # Hanweb
        ["陕西省/咸阳市/旬邑县", "http://www.xunyi.gov.cn/"],
        ["广东省/湛江市/雷州市", "http://www.leizhou.gov.cn/"],  # gkmlpt
    ]
    (tmp_path / "homes.csv").write_text("\n".join(",".join(row) for row in homes), encoding="utf-8")
    imported = run_cli("sites", "import", str(tmp_path / "homes.csv"), "-o", str(tmp_path / "s.toml"))
    assert imported.returncode == 0, imported.stderr
    assert "3 rows read, 3 registry rows; problems: none" in imported.stderr
    feed = tmp_path / "r.jsonl"
    with running_replicas() as server:
        command = crawl_command("registry", server.proxy_url, tmp_path / "r.sqlite", "LOG_LEVEL=INFO")
        command += ["-a", f"registry_file={tmp_path / 's.toml'}", "-O", str(feed)]
        crawl = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=True)
    records = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    sites = replica_sites()
    for key, replica in (("d331083", "yuhuan"), ("d610429", "xunyi"), ("d440882", "leizhou")):
        truth = [doc.ground_truth() for doc in sites[replica].documents if doc.is_report]
        result = score([r for r in records if r["site"] == key], truth)
        assert (result.missing, result.unexpected, result.duplicates) == ([], [], []), key
    assert "platforms found for 3 portals" in crawl.stderr
    stats_file = next((tmp_path / "stats").glob("registry-*.json"))
    assert json.loads(stats_file.read_text())["run/detected"]["d331083"]["platform"] == "hanweb"
    shown = run_cli("sites", "--detected", str(stats_file), "--file", str(tmp_path / "s.toml"))
    assert shown.returncode == 0, shown.stderr
    lines = {line.split()[0]: line.split() for line in shown.stdout.splitlines()[1:]}
    assert lines["d331083"][1] == "hanweb" and lines["d440882"][1] == "gkmlpt"
    assert "3 portals, 0 without a platform found" in shown.stderr
