"""The pure functions behind cleaning and structuring."""

import datetime as dt

import pytest

from govreports.parse.classify import classify_title
from govreports.parse.dates import parse_date
from govreports.parse.sections import split_sections
from govreports.parse.text_cleaning import clean_text, detect_script, is_chrome_line, strip_pinyin_glosses
from govreports.parse.titles import title_organ
from govreports.parse.urls import canonical_url, report_id
from govreports.places.locate import SiteContext, locate


def test_pinyin_glosses_go_and_real_parentheses_stay():
    text = "當(dāng)前位置 本報(bào)告根據(jù)《條例》(以下簡(jiǎn)稱《條例》)和附件(a)"
    assert strip_pinyin_glosses(text) == "當前位置 本報告根據《條例》(以下簡稱《條例》)和附件(a)"


def test_script_detection_and_conversion():
    assert detect_script("本报告由沈荡镇人民政府根据条例规定编制") == "simplified"
    text, script, warnings = clean_text("本報(bào)告由沈蕩鎮(zhèn)人民政府根據(jù)《條例》規定編製。")
    assert (script, text) == ("traditional", "本报告由沈荡镇人民政府根据《条例》规定编制。")
    assert warnings == ["pinyin_glosses_removed"]


@pytest.mark.parametrize(
    "line,chrome",
    [
        ("当前位置 :首页 > |", True),
        ("打印 关闭 | |||", True),
        ("字号：大 中 小", True),
        ("【打印】【关闭】", True),
        ("版权所有 © 某县人民政府 网站标识码：3310830001", True),
        ("0", False),
        ("规章 | 0 | 0 | 0", False),
        ("六、其他需要报告的事项", False),
        ("全年打印各类宣传资料3000份，关闭违规网站2个。", False),
    ],
)
def test_chrome_lines(line, chrome):
    assert is_chrome_line(line) is chrome


@pytest.mark.parametrize(
    "text,expected",
    [
        ("发布时间: 2020-02-25 15:57", dt.date(2020, 2, 25)),
        ("2020年2月18日", dt.date(2020, 2, 18)),
        ("二〇二〇年二月十八日", dt.date(2020, 2, 18)),
        ("2021.01.29", dt.date(2021, 1, 29)),
        ("", None),
        ("无", None),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "title,ok",
    [
        ("玉环市2020年政府信息公开工作年度报告", True),
        ("海盐县沈荡镇人民政府2017年度政府信息公开工作报告", True),
        ("玉环市2020年政府网站工作年度报表", False),
        ("2021年玉环市政府工作报告", False),
        ("玉环市教育局2021年度部门整体支出绩效评价报告", False),
        (None, False),
    ],
)
def test_annual_report_titles(title, ok):
    assert classify_title(title)[0] is ok


SITE = SiteContext("雷州市", "county", "440882", ["广东省", "湛江市", "雷州市"])


@pytest.mark.parametrize(
    "title,issuer,region,level,code",
    [
        ("雷州市2018年政府信息公开工作年度报告", "雷州市", "雷州市", "county", "440882"),
        (
            "雷州市市场监督管理局2021年政府信息公开工作年度报告",
            "雷州市市场监督管理局",
            "雷州市",
            "department",
            "440882",
        ),
        (
            "雷州市住房和城乡建设局2021年政府信息公开工作年度报告",
            "雷州市住房和城乡建设局",
            "雷州市",
            "department",
            "440882",
        ),
        (
            "雷州市雷城街道办事处2021年政府信息公开工作年度报告",
            "雷州市雷城街道办事处",
            "雷城街道",
            "township",
            "440882001",
        ),
        (
            "雷州市附城镇人民政府2021年政府信息公开工作年度报告",
            "雷州市附城镇人民政府",
            "附城镇",
            "township",
            "440882117",
        ),
        ("湛江市2021年政府信息公开工作年度报告", "湛江市", "湛江市", "prefecture", "440800"),
        ("2019年某县政府办公室信息公开工作年度报告", "某县政府办公室", "某县", "department", None),
        ("某县2016年度政府信息公开工作报告", "某县", "某县", "county", None),
    ],
)
def test_a_title_names_its_organ_as_written_and_the_gazetteer_places_it(title, issuer, region, level, code):
    organ = title_organ(title)
    assert organ.text == issuer
    place, _ = locate(issuer, SITE, 2021)
    assert (place.region, place.level, place.division_code) == (region, level, code)


def test_sections_inline_and_on_lines():
    text = "前言。 一、概述 2017年我镇…… 二、主动公开政府信息情况\n共170条，其中一、二、三类信息\n三、存在的主要问题及改进措施 无"
    sections = split_sections(text)
    assert [(s["number"], s["heading"]) for s in sections] == [
        (1, "概述"),
        (2, "主动公开政府信息情况"),
        (3, "存在的主要问题及改进措施"),
    ]
    assert sections[1]["text"].startswith("共170条")


def test_report_id_is_stable_across_url_forms():
    a = "http://www.yuhuan.gov.cn/art/2021/2/19/art_1229486935_59084069.html"
    assert canonical_url(a) == "yuhuan.gov.cn/art/2021/2/19/art_1229486935_59084069.html"
    assert report_id(a) == report_id(
        "https://yuhuan.gov.cn/art/2021/2/19/art_1229486935_59084069.html?utm_source=x#top"
    )
    assert report_id("http://a.gov.cn/x.jsp?fbtime=2017&area=1") != report_id(
        "http://a.gov.cn/x.jsp?fbtime=2018&area=1"
    )


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff\xfe garbage",
        "<html><body><div id='zoom'><p>一、总体",
        "<table>" * 500,
        "纯文本，没有标题也没有日期。",
    ],
)
def test_broken_input_gives_a_record_with_warnings_not_an_exception(content):
    from govreports.report import build_report

    record = build_report(
        content, url="http://www.example.gov.cn/a.html", is_html=not isinstance(content, str) or content.startswith("<")
    )
    assert record["report_id"] and record["warnings"]
    assert record["title"] is None or isinstance(record["title"], str)
