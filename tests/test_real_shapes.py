"""The shapes real report pages take, each in our own wording, and what the parser reads from them.

The measure of the parser is ``govreports evaluate`` on pages nobody here wrote; these pin down the
rules that score there, one shape at a time, so a change that breaks one says which.
"""

import pytest

from govreports.report import build_report

PERIOD = "本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"


def parse(text: str, url: str = "http://www.example.gov.cn/a.html") -> dict:
    return build_report(text, url=url, is_html=False)


def page(*lines: str) -> str:
    return "\n".join(lines)


# --- titles ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,title",
    [
        (  # a breadcrumb names the column, the heading the report
            page(
                "您的位置：首页 > 政务公开 > 政府信息公开年报 > 正文",
                "德清县2021年政府信息公开工作年度报告",
                "发布时间：2022-01-20",
                PERIOD.format(y=2021),
            ),
            "德清县2021年政府信息公开工作年度报告",
        ),
        (  # a label in front, padded with spaces
            page(
                "标  题：德清县水利局2020年政府信息公开工作年度报告", "索 引 号：A01/2021-0003", PERIOD.format(y=2020)
            ),
            "德清县水利局2020年政府信息公开工作年度报告",
        ),
        (  # a 关键字 strip repeats the title; the heading under it is the title
            page(
                "文  号：  关键字：德清县水利局2020年政府信息公开工作年度报告",
                "德清县水利局2020年政府信息公开工作年度报告",
                PERIOD.format(y=2020),
            ),
            "德清县水利局2020年政府信息公开工作年度报告",
        ),
        (  # split over two lines in the middle of a word
            page("德清县交通运输局2022年度政府", "信息公开工作年度报告", PERIOD.format(y=2022)),
            "德清县交通运输局2022年度政府信息公开工作年度报告",
        ),
        (  # the organ on one line, the year and name on the next; the CMS title line lacks the organ
            page(
                "2019年政府信息公开工作年度报告",
                "发布时间：2020-01-08",
                "德清县新市镇人民政府",
                "2019年政府信息公开工作年度报告",
                PERIOD.format(y=2019),
            ),
            "德清县新市镇人民政府2019年政府信息公开工作年度报告",
        ),
        (  # a cover letter around the report: its own heading comes after
            page(
                "德清县人民政府办公室关于公布",
                "德清县2016年政府信息公开工作年度报告的通知",
                "各乡镇人民政府，县直各单位：",
                "现将《德清县2016年政府信息公开工作年度报告》予以公布。",
                "2017年3月10日",
                "德清县2016年政府信息公开工作年度报告",
                PERIOD.format(y=2016),
            ),
            "德清县2016年政府信息公开工作年度报告",
        ),
        (  # named only in the opening sentence
            page("根据《条例》规定，现将新市镇2021年政府信息公开工作年度报告予以公布。", PERIOD.format(y=2021)),
            "新市镇2021年政府信息公开工作年度报告",
        ),
        (  # in 《》 after 公开
            page("按照有关要求，现向社会公开《德清县2023年度政府信息公开工作年度报告》。", "一、总体情况"),
            "德清县2023年度政府信息公开工作年度报告",
        ),
        (  # 报告 as a verb names nothing
            page("根据《条例》要求，现将我局2021年政府信息公开工作情况报告如下：", "一、总体情况"),
            None,
        ),
        (  # the body names last year's report: not this one's title
            page(PERIOD.format(y=2013), "一、概述", "我区按时发布了2012年区政府信息公开工作年度报告。"),
            None,
        ),
        (  # a site's name after the title, and a file's extension
            page("德清县2020年政府信息公开工作年度报告-德清县发改局", PERIOD.format(y=2020)),
            "德清县2020年政府信息公开工作年度报告",
        ),
        (
            page("德清县2020年政府信息公开工作年度报告.docx", PERIOD.format(y=2020)),
            "德清县2020年政府信息公开工作年度报告",
        ),
        (  # the heading running into the body on one line
            page("德清县2019年 政府信息公开工作年度报告 一、总体情况 2019年，我县……" + "认真落实条例要求。" * 10),
            "德清县2019年政府信息公开工作年度报告",
        ),
    ],
)
def test_the_title_is_the_report_s_own_name_or_none(text, title):
    assert parse(text)["title"] == title


# --- issuer, region and level -------------------------------------------------------------------------


def test_a_strip_that_runs_on_gives_a_clean_issuer_and_date():
    record = parse(
        page(
            "德清县统计局2021年政府信息公开工作年度报告",
            "发布机构：德清县统计局 发布时间：2022-01-18 09:30 浏览次数：",
            PERIOD.format(y=2021),
        )
    )
    assert (record["issuer"], record["publish_date"]) == ("德清县统计局", "2022-01-18")


def test_the_portal_owner_in_a_byline_is_not_the_issuer_of_another_organ_s_report():
    record = parse(
        page(
            "新市镇人民政府2021年政府信息公开工作年度报告",
            "来源：德清县人民政府 发布时间：2022-01-30",
            PERIOD.format(y=2021),
        )
    )
    assert record["issuer"] == "新市镇人民政府" and record["level"] == "township"


def test_a_short_byline_is_written_out_as_the_page_names_the_organ_elsewhere():
    record = parse(
        page(
            "德清县统计局2020年政府信息公开工作年度报告",
            "发布机构：德清县人民政府 信息来源：县统计局",
            PERIOD.format(y=2020),
        )
    )
    assert (record["issuer"], record["region"], record["level"]) == ("德清县统计局", "德清县", "department")


def test_the_compiling_office_of_a_whole_county_s_report_is_its_issuer_at_county_level():
    record = parse(
        page(
            "本年度报告由德清县人民政府办公室根据《条例》要求编制。" + PERIOD.format(y=2018),
            "一、概述",
            "2018年，我县各级各部门认真贯彻条例，我县政府信息公开工作稳步推进。",
        )
    )
    assert (record["issuer"], record["level"], record["title"]) == ("德清县人民政府办公室", "county", None)


def test_an_office_reporting_on_its_own_work_is_a_department():
    record = parse(
        page(
            "德清县人民政府办公室2022年政府信息公开工作年度报告",
            PERIOD.format(y=2022),
            "一、总体情况",
            "2022年，县政府办公室认真贯彻《条例》，我办主动公开文件40件，我办在法定期限内答复全部申请。",
        )
    )
    assert (record["issuer"], record["level"]) == ("德清县人民政府办公室", "department")


def test_a_bare_place_is_the_issuer_as_written_unless_the_page_writes_its_government():
    bare = page("新市镇2021年政府信息公开工作年度报告", PERIOD.format(y=2021), "一、总体情况", "2021年，我镇认真落实。")
    assert parse(bare)["issuer"] == "新市镇"
    full = bare + "\n如有疑问请与德清县新市镇人民政府党政办联系。"
    assert parse(full)["issuer"] == "德清县新市镇人民政府"


def test_an_organ_named_only_in_its_contact_line_when_the_report_calls_itself_我局():
    record = parse(
        page(
            "根据《条例》规定，编制我局2021年度政府信息公开工作年度报告。"
            + PERIOD.format(y=2021)
            + "如有疑问请与德清县市场监督管理局办公室联系（电话：0000-1234567）。",
            "一、总体情况",
            "2021年，我局认真贯彻《条例》。",
        )
    )
    assert (record["issuer"], record["region"], record["level"]) == ("德清县市场监督管理局", "德清县", "department")
    assert record["title"] == "2021年度政府信息公开工作年度报告"


def test_the_subject_of_the_opening_sentence_names_a_township_office():
    record = parse(
        page(
            "一、总体情况",
            "2023年，在区委、区政府的正确领导下，武康街道办事处认真贯彻《条例》，主动公开政府信息30条。",
        )
    )
    assert (record["issuer"], record["level"], record["year"]) == ("武康街道办事处", "township", 2023)


def test_a_byline_under_the_heading_is_its_author():
    record = parse(page("临夏回族自治州永靖县2023年政府信息公开工作年度报告", "永靖县", PERIOD.format(y=2023)))
    assert (record["issuer"], record["region"], record["level"]) == ("永靖县", "永靖县", "county")


def test_a_prefecture_s_行署_office():
    record = parse(
        page(
            "本报告由阿里地区行署办公室编制。" + PERIOD.format(y=2022),
            "一、总体情况",
            "2022年，全地区各级行政机关认真贯彻《条例》，我地区政务公开工作扎实推进。",
        )
    )
    assert (record["issuer"], record["region"], record["level"]) == ("阿里地区行署办公室", "阿里地区", "prefecture")


def test_without_an_issuer_the_place_the_report_speaks_of_is_its_region():
    record = parse(
        page(
            "本报告根据《条例》规定编制。" + PERIOD.format(y=2020),
            "一、总体情况",
            "2020年，湖州市坚持公开为常态，全市主动公开政府信息1200条。湖州市各级各部门……",
        )
    )
    assert (record["issuer"], record["region"], record["level"]) == (None, "湖州市", "prefecture")
    assert "issuer_missing" in record["warnings"]


def test_a_management_committee_takes_the_place_of_the_government_it_cites():
    record = parse(
        page(
            "本报告由某某商务区管理委员会根据《条例》要求编制。" + PERIOD.format(y=2020),
            "一、总体情况",
            "2020年，我委落实《重庆市渝中区人民政府办公室关于印发政务公开工作要点的通知》要求。",
        )
    )
    assert (record["issuer"], record["region"], record["level"]) == ("某某商务区管理委员会", "渝中区", "department")


# --- year and date --------------------------------------------------------------------------------------


def test_a_period_that_lost_its_separators_still_gives_the_year():
    record = parse(page("本报告中所列数据的统计期限自202111日起至20211231日止。", "一、总体情况", "全年工作平稳。"))
    assert record["year"] == 2021


def test_the_title_s_year_wins_over_a_period_left_from_last_year_s_template():
    record = parse(page("新市镇人民政府2011年政府信息公开工作年度报告", PERIOD.format(y=2010)))
    assert record["year"] == 2011 and "year_title_mismatch" in record["warnings"]


def test_a_cited_document_s_year_is_not_the_report_s():
    record = parse(
        page(
            "根据《关于做好2022年政府信息公开工作年度报告编制工作的通知》要求编制本报告。",
            "一、总体情况",
            "2021年，我县政府信息公开工作稳步推进。2021年主动公开政府信息800条。",
        )
    )
    assert record["year"] == 2021


@pytest.mark.parametrize(
    "strip,date",
    [
        ("| 发文日期 | 2018-02-28 | 发布机构 | 德清县人民政府 |", "2018-02-28"),
        ("• 发布日期：2019-01-05", "2019-01-05"),
        ("| 生成日期/有效期: | 2022-01-29 14:59:17 | |", "2022-01-29"),
        ("日期：2023年01月17日   作者：   来源：新市镇", "2023-01-17"),
        ("（2022年1月）", None),  # a month is no date
    ],
)
def test_the_date_the_page_states_in_any_strip(strip, date):
    record = parse(page("德清县2017年政府信息公开工作年度报告", strip, PERIOD.format(y=2017), "一、概述"))
    assert record["publish_date"] == date


def test_a_banner_s_date_is_the_site_s_and_the_dateline_under_the_heading_the_report_s():
    record = parse(
        page(
            "德清县人民政府 2019年12月3日星期二",
            "德清县2012年政府信息公开工作年度报告",
            "2013年1月15日",
            PERIOD.format(y=2012),
        )
    )
    assert record["publish_date"] == "2013-01-15"


def test_a_date_alone_at_the_end_signs_the_report_when_the_page_states_none():
    record = parse(page("德清县文化局2013年度信息公开工作", "年度报告", "一、主动公开情况", "共5条。", "2014年3月25日"))
    assert (record["title"], record["publish_date"]) == ("德清县文化局2013年度信息公开工作年度报告", "2014-03-25")


# --- format and figures -----------------------------------------------------------------------------------


def test_reports_up_to_2018_are_pre2019_and_later_ones_without_a_table_unknown():
    old = parse(page("德清县2017年政府信息公开工作年度报告", PERIOD.format(y=2017), "一、基本情况"))
    new = parse(page("德清县2020年政府信息公开工作年度报告", PERIOD.format(y=2020), "一、概述", "二、主动公开情况"))
    assert (old["format"], new["format"]) == ("pre2019", "unknown")


def test_totals_stated_in_prose_reach_the_summary():
    summary = parse(
        page(
            "德清县2022年政府信息公开工作年度报告",
            PERIOD.format(y=2022),
            "一、总体情况",
            "2022年，全县主动公开政府信息3,412条。全年共收到政府信息公开申请57件，上年结转4件，"
            "予以公开31件，结转下年度继续办理2件。发生政府信息公开行政复议案件2起，行政诉讼1件。",
        )
    )["summary"]
    assert summary == {
        "active_disclosure_total": 3412,
        "applications_new": 57,
        "applications_carried_in": 4,
        "applications_granted": 31,
        "review_total": 2,
        "litigation_total": 1,
    }


@pytest.mark.parametrize(
    "sentence,total",
    [
        ("全年主动公开政府信息约5000余条。", None),  # approximate
        ("截至2022年底，累计主动公开政府信息64000条。", None),  # a running total
        ("门户网站主动公开信息2100条，政务微信380条，政务微博120条。", None),  # one channel of a list
        ("主动公开政府信息88条、规范性文件2条、人事信息13条。", None),  # one category of a list
        ("全年共制作政府信息900条，其中主动公开信息420条，依申请公开信息30条。", 420),
        ("主动公开各类规划、项目建设、财政预决算等领域信息共1777条。", 1777),
        ("主动公开政府信息件数为123件。", 123),
        ("全镇共公开政府信息140条。", 140),
    ],
)
def test_only_an_exact_total_of_disclosure_is_the_active_total(sentence, total):
    record = parse(page("德清县2021年政府信息公开工作年度报告", PERIOD.format(y=2021), "一、总体情况", sentence))
    assert record["summary"]["active_disclosure_total"] == total


def test_a_sentence_saying_there_was_none_is_no_figure():
    record = parse(
        page(
            "德清县2015年政府信息公开工作年度报告",
            PERIOD.format(y=2015),
            "二、主动公开政府信息情况",
            "全年主动公开政府信息120条。",
            "三、依申请公开情况",
            "2015年，我县未收到政府信息公开申请，未发生行政复议和行政诉讼。",
        )
    )
    assert record["summary"]["applications_new"] is None and record["summary"]["review_total"] is None
    assert record["statistics"]["pre2019"]["applications_total"] == 0  # the statement itself is kept


def test_a_table_flattened_to_pipes_wins_over_the_prose():
    record = parse(
        page(
            "德清县2021年政府信息公开工作年度报告",
            PERIOD.format(y=2021),
            "一、总体情况",
            "全年共收到政府信息公开申请9件。",
            "三、收到和处理政府信息公开申请情况",
            "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和) | 申请人情况 |",
            "自然人 | 法人或其他组织 | 总计 |",
            "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
            "一、本年新收政府信息公开申请数量 | 8 | 1 | 0 | 0 | 0 | 0 | 9 |",
            "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        )
    )
    assert (record["summary"]["applications_new"], record["summary"]["applications_carried_in"]) == (9, 1)


# --- saved portal HTML ------------------------------------------------------------------------------------


def test_a_saved_page_s_title_loses_its_site_suffix_and_a_zone_gains_no_government():
    html = (
        "<html><head><title>德清经济开发区管理委员会2021年政府信息公开工作年度报告-德清县发改局</title></head><body>"
        "<div class='position'>当前位置：首页 &gt; 信息公开</div><div id='zoom'>"
        "<p>本报告由德清经济开发区管理委员会根据《条例》要求编制，所列数据统计期限自2021年1月1日至2021年12月31日。</p>"
        "<p>一、总体情况</p><p>2021年，我委主动公开政府信息210条。</p></div></body></html>"
    )
    record = build_report(html, url="http://www.example.gov.cn/art/1.html")
    assert record["title"] == "德清经济开发区管理委员会2021年政府信息公开工作年度报告"
    assert record["issuer"] == "德清经济开发区管理委员会" and "人民政府" not in record["issuer"]
    assert record["level"] == "department" and record["division_code"] is None
    assert record["summary"]["active_disclosure_total"] == 210
