"""The five seed reports come out clean and correctly structured, from their replica pages and from text."""

import re

import pytest

from govreports.parse.text_cleaning import detect_script
from govreports.report import build_report
from tests.conftest import SEEDS

EXPECTED = {
    # The replica pages carry 发布机构 (the city's office, which publishes the city's report); the
    # text files do not, and name no fuller organ than the title's 玉环市.
    "000": dict(
        title="玉环市2020年政府信息公开工作年度报告", issuer="玉环市人民政府办公室", region="玉环市", year=2020
    ),
    "001": dict(issuer="雷州市人民政府办公室", region="雷州市", level="county", year=2018),
    "002": dict(
        title="高平市人民政府办公室2020年政府信息公开工作年度报告",
        issuer="高平市人民政府办公室",
        region="高平市",
        level="department",
        year=2020,
        publish_date="2021-01-29",
    ),
    "003": dict(
        title="蒙自市2019年政府信息公开工作年度报告",
        issuer="蒙自市人民政府办公室",  # it compiled the city's report and signs it
        level="county",
        region="蒙自市",
        year=2019,
        publish_date="2020-02-25",
    ),
    "004": dict(
        title="海盐县沈荡镇人民政府2017年度政府信息公开工作报告",
        issuer="海盐县沈荡镇人民政府",
        region="沈荡镇",
        level="township",
        year=2017,
    ),
}
CHROME = re.compile(r"当前位置|打印|关闭|字号|版权所有|网站标识码|ICP备|\|\s*\|")
GLOSS = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")


def seed_record(demo_records, seed):
    from govreports.replicas import replica_sites

    url = next(d.url for s in replica_sites().values() for d in s.documents if d.extra.get("seed") == seed)
    return next(r for records in demo_records.values() for r in records if r["url"] == url)


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_page_on_its_replica_comes_out_clean(seed, demo_records):
    record = seed_record(demo_records, seed)
    for name, value in EXPECTED[seed].items():
        assert record[name] == value, name
    assert not GLOSS.search(record["text"])
    assert not CHROME.search(record["text"])
    assert detect_script(record["text"]) == "simplified"
    assert record["script"] == ("traditional" if seed == "004" else "simplified")
    assert record["sections"] and record["sections"][0]["number"] == 1


def test_traditional_seed_has_no_traditional_characters_left(demo_records):
    record = seed_record(demo_records, "004")
    assert "當" not in record["text"] and "鎮" not in record["text"] and "報告" not in record["text"]
    assert "主动公开政府信息170条" in record["text"]
    assert "pinyin_glosses_removed" in record["warnings"]


def test_seed_text_survives_intact_on_the_replica(demo_records):
    """The seed's prose reaches the record unchanged (its tables are rendered as HTML tables)."""
    record = seed_record(demo_records, "002")
    original = (SEEDS / "002_46f17ed6ac16f0b8.txt").read_text(encoding="utf-8")
    paragraph = next(
        line.strip() for line in original.splitlines() if line.strip().startswith("一是聚焦群众关注抓公开")
    )
    assert paragraph in record["text"]
    assert "规范性文件 | 8 | 7 | 18" in record["text"]


def test_mengzi_reposted_report_keeps_its_page_date(demo_records):
    record = seed_record(demo_records, "003")
    assert "t20210308" in record["url"] and record["publish_date"] == "2020-02-25"
    assert record["format"] == "unknown" and "tables_missing" in record["warnings"]


# What the text files alone say: no 发布机构 strips, so 000 is named by its title and 001, with
# neither title nor signature, by no organ at all (its place is the one it speaks of).
FROM_TEXT = {
    "000": dict(issuer="玉环市", region="玉环市", level="county", year=2020),
    "001": dict(issuer=None, region="雷州市", level="county", year=2018),
    "002": {k: EXPECTED["002"][k] for k in ("title", "issuer", "region", "level", "year", "publish_date")},
    "003": {k: EXPECTED["003"][k] for k in ("title", "issuer", "region", "level", "year", "publish_date")},
    "004": {k: EXPECTED["004"][k] for k in ("title", "issuer", "region", "level", "year")},
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_text_files_parse(seed):
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    record = build_report(path.read_text(encoding="utf-8"), url=path.as_uri(), is_html=False)
    assert {name: record[name] for name in FROM_TEXT[seed]} == FROM_TEXT[seed]
    assert not GLOSS.search(record["text"]) and not CHROME.search(record["text"])
    assert (
        record["format"]
        == {"000": "unknown", "001": "pre2019", "002": "2019", "003": "unknown", "004": "pre2019"}[seed]
    )
