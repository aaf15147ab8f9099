"""govreports parse on local files: the seeds as text, and HTML in a declared legacy encoding."""

import json

from tests.conftest import SEEDS, run_cli


def test_parse_prints_one_record_per_seed_file():
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    result = run_cli("parse", *files)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 5
    assert [r["year"] for r in records] == [2020, 2018, 2020, 2019, 2017]
    assert all(r["spider"] == "parse" and len(r["report_id"]) == 40 for r in records)
    assert records[4]["script"] == "traditional" and "沈荡镇" in records[4]["text"]


def test_parse_html_in_gbk_with_url(tmp_path):
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gbk'>"
        "<meta name='ArticleTitle' content='某县财政局2021年政府信息公开工作年度报告'></head><body>"
        "<div class='position'>当前位置：首页 &gt; 年报</div><div id='zoom'><p>一、总体情况</p>"
        "<p>本报告所列数据统计期限为2021年1月1日至2021年12月31日。某县财政局认真贯彻落实《条例》，主动公开政府信息120条。</p>"
        "<p>某县财政局</p><p>2022年1月20日</p></div></body></html>"
    )
    path = tmp_path / "report.html"
    path.write_bytes(page.encode("gbk"))
    result = run_cli("parse", str(path), "--url", "http://www.example.gov.cn/art/2022/1/20/art_1_2.html")
    record = json.loads(result.stdout)
    assert record["title"] == "某县财政局2021年政府信息公开工作年度报告"
    assert record["issuer"] == "某县财政局" and record["level"] == "department"
    assert (record["year"], record["publish_date"]) == (2021, "2022-01-20")
    assert "当前位置" not in record["text"]


def test_parse_rejects_unknown_files_clearly(tmp_path):
    path = tmp_path / "report.xyz"
    path.write_text("x")
    result = run_cli("parse", str(path), str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert "unsupported file type .xyz" in result.stderr and "missing.txt" in result.stderr
