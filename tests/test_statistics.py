"""Sections 二/三/四 read into SCHEMA keys from every shape a page gives them, and checked."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreports.local_files import parse_file
from govreports.parse.checks import consistency_checks
from govreports.parse.statistics import label_parts, parse_cell, row_label
from govreports.parse.statistics_template import (
    ACTIVE_BLOCKS,
    APPLICANT_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    application_rows,
)
from govreports.replicas import replica_sites
from govreports.replicas.content import SEED_002_FIGURES, SEED_004_FIGURES
from govreports.replicas.tables import (
    TableStyle,
    active_layout,
    applications_layout,
    break_figures,
    render,
    review_layout,
    text_lines,
)
from govreports.report import build_report
from govreports.schema import SCHEMA_FIELDS
from tests.conftest import SEEDS


def values_only(statistics: dict) -> dict:
    return {section: rows for section, rows in statistics.items() if section != "raw"}


def report_html(*tables: str) -> str:
    headings = (
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    )
    body = "".join(f"<p>{heading}</p>{table}" for heading, table in zip(headings, tables, strict=True))
    return f'<html><body><div id="zoom">{body}<p>五、存在的主要问题及改进情况</p><p>无。</p></div></body></html>'


def report_text(*tables: list[str]) -> str:
    headings = (
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    )
    lines = []
    for heading, table in zip(headings, tables, strict=True):
        lines += [heading, *table]
    return "\n".join([*lines, "五、存在的主要问题及改进情况", "无。"])


# --- seed 002: the flattened one-cell-per-line text -------------------------------------


def test_seed_002_text_gives_every_cell():
    record = parse_file(SEEDS / "002_46f17ed6ac16f0b8.txt")
    stats = record["statistics"]
    assert record["format"] == "2019"
    assert stats["active"]["normative_docs"] == {"made": 8, "published": 7, "total_published": 18}
    assert stats["active"]["procurement"] == {"projects": 5, "amount": 39.0785}
    assert stats["raw"]["active"]["procurement"]["amount"] == "390785元"
    applications = stats["applications"]
    assert applications["new"]["legal_services"] == applications["new"]["total"] == 2
    assert applications["refused_query_matter"]["legal_services"] == 1
    assert applications["unavailable_unclear"]["total"] == 1
    assert applications["total"]["total"] == 2
    assert applications["new"]["natural_person"] == 0  # 自然人 is c1 although the header lists 总计 third
    assert all(v == 0 for group in stats["review_litigation"].values() for v in group.values())
    assert values_only(stats) == SEED_002_FIGURES  # 8+6+6+2+2 + 23×7 + 15 cells
    assert [c["ok"] for c in record["checks"]] == [True, True, True, True]
    assert not [w for w in record["warnings"] if w.startswith("statistics")]


def test_seed_002_as_html_tables_on_its_replica_gives_identical_statistics():
    site = replica_sites()["gaoping"]
    seed = next(doc for doc in site.documents if doc.extra.get("seed") == "002")
    from_html = build_report(seed.body_html, url=seed.url)
    from_text = parse_file(SEEDS / "002_46f17ed6ac16f0b8.txt")
    assert from_html["statistics"] == from_text["statistics"]  # values and raw cell texts
    assert from_html["checks"] == from_text["checks"]


# --- 2021 template, pipe text with header soup ----------------------------------------------

PIPES_2021 = """\
二、主动公开政府信息情况
第二十条第（一）项 | | | |
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章(设区的市、自治州人民政府应提供相关数据) | 0 | 0 | 0 |
规范性文件 | ３ | 1 | 2 |
第二十条第（五）项 | | | |
信息内容 | 本年处理决定数量 | | |
行政许可 | 1,204 | | |
第二十条第（六）项 | | | |
信息内容 | 本年处理决定数量 | | |
行政处罚 | 56 | | |
行政强制 | - | | |
第二十条第（八）项 | | | |
信息内容 | 本年收费金额（单位：万元） | | |
行政事业性收费 | 12.5 | | |
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | | | 申请人情况 | | | | | | |
自然人 | 法人或其他组织 | | | | | 总计 |
商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |
一、本年新收政府信息公开申请数量 | | | 58 | 7 | 0 | 0 | 1 | 0 | 66 |
二、上年结转政府信息公开申请数量 | | | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
三、本年度办理结果 | （一）予以公开 | | 30 | 3 | 0 | 0 | 1 | 0 | 34 |
（二）部分公开（区分处理的，只计这一情形，不计其他情形） | | 5 | 1 | 0 | 0 | 0 | 0 | 6 |
（三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
3.危及"三安全一稳定" | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
4.保护第三方合法权益 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
5.属于三类内部事务信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
8.属于行政查询事项 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（四）无法提供 | 1.本机关不掌握相关政府信息 | 12 | 2 | 0 | 0 | 0 | 0 | 14 |
2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
3.补正后申请内容仍不明确 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
（五）不予处理 | 1.信访举报投诉类申请 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
2.重复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（六）其他处理 | 1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
3.其他 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
（七）总计 | | 56 | 6 | 0 | 0 | 1 | 0 | 63 |
四、结转下年度继续办理 | | | 4 | 1 | 0 | 0 | 0 | 0 | 5 |
四、政府信息公开行政复议、行政诉讼情况
行政复议 | | | | | 行政诉讼 |
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 |
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
2 | 1 | 0 | 0 | 3 | 1 | 0 | 0 | 1 | 2 | | | | | |
五、存在的主要问题及改进情况
"""


def test_2021_pipe_text_with_label_variants_and_group_labels_on_first_rows():
    record = build_report(PIPES_2021, is_html=False)
    stats = record["statistics"]
    assert record["format"] == "2021"
    assert stats["active"]["rules"] == {"issued": 0, "repealed": 0, "valid": 0}  # trailing note ignored
    assert stats["active"]["normative_docs"] == {"issued": 3, "repealed": 1, "valid": 2}  # 规范性文件, full-width ３
    assert stats["active"]["licensing"] == {"decisions": 1204}
    assert stats["active"]["coercion"] == {"decisions": None}
    assert stats["raw"]["active"]["coercion"]["decisions"] == "-"
    assert stats["active"]["fees"] == {"amount": 12.5}
    applications = stats["applications"]
    assert applications["new"] == dict(zip(APPLICANT_COLUMNS, (58, 7, 0, 0, 1, 0, 66), strict=True))
    assert applications["granted"]["total"] == 34  # after the group label 三、本年度办理结果
    assert applications["refused_prohibited_by_law"]["natural_person"] == 0  # no group label on its row
    assert applications["refused_security_stability"]["total"] == 0  # straight quotes
    assert applications["other_no_correction"]["total"] == 3  # ， instead of 、
    assert applications["other_misc"]["natural_person"] == 1
    assert "other" not in applications
    assert stats["review_litigation"]["review"] == {"upheld": 2, "corrected": 1, "other": 0, "pending": 0, "total": 3}
    assert stats["review_litigation"]["suit_after_review"]["total"] is None
    assert record["summary"]["litigation_total"] == 2
    assert {c["rule"]: c["ok"] for c in record["checks"]} == {
        "applications_balance": True,
        "applications_results_sum": True,
        "applications_row_total": True,
        "review_litigation_totals": True,
    }
    assert not [w for w in record["warnings"] if w.startswith("statistics")]


def test_review_row_as_pdf_number_run_is_read_by_position():
    text = PIPES_2021.replace(
        "2 | 1 | 0 | 0 | 3 | 1 | 0 | 0 | 1 | 2 | | | | | |", "结 结 其 尚\n2 1 0 0 3 1 0 0 1 2 0 0 0 0 0"
    )
    stats = build_report(text, is_html=False)["statistics"]
    assert stats["review_litigation"]["suit_direct"] == {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 2,
    }
    assert stats["review_litigation"]["suit_after_review"]["total"] == 0


# --- cells the parser must not guess ------------------------------------------------------------


def test_a_row_with_an_extra_cell_is_reported_not_guessed():
    text = PIPES_2021.replace(
        "二、上年结转政府信息公开申请数量 | | | 2 | 0 |", "二、上年结转政府信息公开申请数量 | | | 2 | 9 | 0 |"
    )
    record = build_report(text, is_html=False)
    assert "carried_in" not in record["statistics"]["applications"]
    assert "statistics_row_shape:applications.carried_in:10/7" in record["warnings"]
    balance = next(c for c in record["checks"] if c["rule"] == "applications_balance")
    assert balance["ok"] is None  # a missing row is not judged as zero


def test_a_flattened_row_with_a_lost_blank_is_short_and_reported():
    lines = report_text(
        text_lines(active_layout("2019", SEED_002_FIGURES["active"], TableStyle(layout="cells")), TableStyle("cells")),
        text_lines(
            applications_layout("2019", SEED_002_FIGURES["applications"], TableStyle("cells")), TableStyle("cells")
        ),
        text_lines(review_layout(SEED_002_FIGURES["review_litigation"], TableStyle("cells")), TableStyle("cells")),
    ).split("\n")
    at = lines.index("行政强制")
    del lines[at + 2]  # one of its three values vanished with an empty cell
    record = build_report("\n".join(lines), is_html=False)
    assert "coercion" not in record["statistics"]["active"]
    assert "statistics_row_short:active.coercion:2/3" in record["warnings"]
    assert record["statistics"]["active"]["penalty"] == {"prev_items": 0, "delta": 0, "decisions": 0}


# --- checks ------------------------------------------------------------------------------------


def test_a_deliberately_inconsistent_table_fails_exactly_the_right_check():
    import random

    broken = break_figures(SEED_002_FIGURES, "carried_out_off", random.Random(3))
    column = next(c for c in APPLICANT_COLUMNS[:6] if broken["applications"]["carried_out"][c])
    style = TableStyle()
    html = report_html(
        render(active_layout("2019", broken["active"], style), style),
        render(applications_layout("2019", broken["applications"], style), style),
        render(review_layout(broken["review_litigation"], style), style),
    )
    checks = {c["rule"]: c for c in build_report(html)["checks"]}
    assert checks["applications_balance"]["ok"] is False
    # The broken column names both sides of its equation, as the seed's figures give them.
    new, carried_in = (broken["applications"][row][column] for row in ("new", "carried_in"))
    total, carried_out = (broken["applications"][row][column] for row in ("total", "carried_out"))
    assert (
        f"column {column}: new {new} + carried_in {carried_in} = {new + carried_in}"
        f" ≠ total {total} + carried_out {carried_out} = {total + carried_out}"
    ) in checks["applications_balance"]["detail"]
    assert "column total:" in checks["applications_balance"]["detail"]
    assert [rule for rule, c in checks.items() if c["ok"] is not True] == ["applications_balance"]


def test_checks_tolerate_blanks_and_say_when_nothing_could_be_judged():
    blank = dict.fromkeys(APPLICANT_COLUMNS)
    totals_only = {**blank, "total": 5}
    applications = {key: dict(blank) for key, _, _ in application_rows("2019")}
    applications.update(new=dict(totals_only), total=dict(totals_only))
    review = {group: dict.fromkeys(REVIEW_COLUMNS) for group in REVIEW_GROUPS}
    checks = {
        c["rule"]: c["ok"] for c in consistency_checks({"applications": applications, "review_litigation": review})
    }
    assert checks == {
        "applications_balance": True,  # 5 + blank = 5 + blank in the total column
        "applications_results_sum": None,  # every result row blank
        "applications_row_total": None,  # only totals filled: the parts are blank
        "review_litigation_totals": None,
    }
    assert consistency_checks(None)[0] == {"rule": "applications_balance", "ok": None, "detail": "table not found"}


# --- pre-2019 prose -------------------------------------------------------------------------------


def test_pre2019_figures_come_from_the_prose():
    record = parse_file(SEEDS / "004_f86300e4f88928ae.txt")  # traditional script with pinyin glosses
    assert record["format"] == "pre2019"
    assert values_only(record["statistics"]) == SEED_004_FIGURES
    assert record["statistics"]["raw"]["pre2019"]["active_total"] == "主动公开政府信息170条"
    assert record["summary"]["active_disclosure_total"] == 170
    # 未收到政府信息公开申请 is kept with its phrase among the stated figures, but it is no number:
    # the summary carries only what the text writes as one.
    assert record["statistics"]["raw"]["pre2019"]["applications_total"].startswith("未收到")
    assert record["summary"]["applications_new"] is None
    assert record["checks"] == []
    text = (
        "一、概述\n2016年，我局认真贯彻《条例》。\n二、主动公开政府信息情况\n2016年，共主动公开政府信息1,530条。\n"
        "三、依申请公开政府信息情况\n共收到政府信息公开申请9件，其中同意公开5件，同意部分公开3件，不予公开1件。\n"
        "四、政府信息公开的收费及减免情况\n收取检索费、复制费共0.012万元。\n"
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n发生行政复议1件，行政诉讼2件。"
    )
    stated = build_report(text, is_html=False)["statistics"]["pre2019"]
    assert stated == {
        "active_total": 1530,
        "applications_total": 9,
        "applications_granted": 5,
        "applications_partial": 3,
        "applications_refused": 1,
        "fees_yuan": 120,
        "review_total": 1,
        "litigation_total": 2,
    }


def test_a_2019_report_with_lost_tables_has_no_statistics_not_zeros():
    record = parse_file(SEEDS / "000_3edc6293011aec12.txt")
    assert record["statistics"] is None
    assert record["checks"] == []
    assert "tables_missing" in record["warnings"]


# --- cells and labels -------------------------------------------------------------------------------


def test_cell_values():
    assert parse_cell("+3").value == 3 and parse_cell("+3").signed
    assert parse_cell("-8").value == -8
    assert parse_cell("--253").value == -253 and parse_cell("--253").dirty
    assert parse_cell("１２").value == 12
    assert parse_cell("1,234").value == 1234
    assert parse_cell("390785元") == parse_cell("390785 元")
    assert parse_cell("390785元").unit == "元"
    assert parse_cell("160.5964万元").value == 160.5964
    for blank in ("", "-", "—", "/", "无", "－"):
        assert parse_cell(blank).value is None, blank
    for text in ("规章", "总计", "第二十条第(一)项", "2020年"):
        assert parse_cell(text) is None, text


def test_labels_match_through_their_variants():
    assert label_parts("（三）\n不予公开") == ("(三)", "不予公开")
    assert row_label("规章(设区的市、自治州人民政府应提供相关数据)") == ("active", "rules")
    assert row_label("行政规范性文件") == row_label("规范性文件") == ("active", "normative_docs")
    assert row_label("3.危及”三安全一稳定”") == ("applications", "refused_security_stability")
    assert row_label("(二)部分公开") == ("applications", "partial")
    assert row_label("（七）总计") == ("applications", "total")
    assert row_label("总计") is None and row_label("其他") is None  # column headers
    assert row_label("3.其他") == ("applications", "other_misc")


# --- the same numbers from every rendering -------------------------------------------------------

counts = st.one_of(st.none(), st.integers(0, 99_999))


@st.composite
def figures_and_style(draw):
    template = draw(st.sampled_from(("2019", "2021")))
    active = {}
    for block in ACTIVE_BLOCKS[template]:
        for key, _ in block.rows:
            active[key] = {
                col: draw(
                    st.one_of(st.none(), st.integers(0, 10**8).map(lambda n: n / 10000))
                    if col == "amount"
                    else st.one_of(st.none(), st.integers(-60, 60))
                    if col == "delta"
                    else counts
                )
                for col in block.columns
            }
    applications = {key: {c: draw(counts) for c in APPLICANT_COLUMNS} for key, _, _ in application_rows(template)}
    review = {g: {c: draw(counts) for c in REVIEW_COLUMNS} for g in REVIEW_GROUPS}
    layout = draw(st.sampled_from(("table", "table_br", "cells", "pipes")))
    # Flattened text loses an empty cell (a blank line, a bare pipe run), so blanks there are marked.
    blanks = ("", "-", "/", "无", "—") if layout.startswith("table") else ("-", "/", "无", "—")
    style = TableStyle(
        layout=layout,
        blank=draw(st.sampled_from(blanks)),
        money=draw(st.sampled_from(("bare", "yuan_cell", "wan_cell", "wan_header"))),
        fullwidth=draw(st.booleans()),
    )
    return template, {"active": active, "applications": applications, "review_litigation": review}, style


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(figures_and_style())
def test_random_tables_parse_back_to_the_same_numbers(case):
    template, figures, style = case
    layouts = (
        active_layout(template, figures["active"], style),
        applications_layout(template, figures["applications"], style),
        review_layout(figures["review_litigation"], style),
    )
    records = [build_report(report_html(*(render(rows, style) for rows in layouts)))]
    if style.layout in ("cells", "pipes"):
        records.append(build_report(report_text(*(text_lines(rows, style) for rows in layouts)), is_html=False))
    for record in records:
        assert record["format"] == template
        assert values_only(record["statistics"]) == figures
        assert not [w for w in record["warnings"] if w.startswith("statistics") and "money_unit" not in w]


def test_one_stacked_table_for_all_three_sections():
    style = TableStyle()
    rows = (
        active_layout("2019", SEED_002_FIGURES["active"], style)
        + applications_layout("2019", SEED_002_FIGURES["applications"], style)
        + review_layout(SEED_002_FIGURES["review_litigation"], style)
    )
    html = f'<html><body><div id="zoom"><p>二、主动公开政府信息情况</p>{render(rows, style)}</div></body></html>'
    record = build_report(html)
    assert values_only(record["statistics"]) == SEED_002_FIGURES


_LABELS = [label for _, label, _ in application_rows("2021")] + [
    label for block in ACTIVE_BLOCKS["2019"] for _, label in block.rows
]
_JUNK = st.sampled_from(
    _LABELS
    + ["0", "12", "-", "", "|", " | | |", "+3", "--4", "3.5万元", "行政复议", "总计", "其他", "（三）", "不予公开"]
    + ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、行政复议", "五、存在的主要问题"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_JUNK, st.text(max_size=12)), max_size=120), st.sampled_from(("|", "\n", " ")))
def test_any_mix_of_labels_numbers_and_pipes_gives_a_record_not_an_exception(parts, joiner):
    pairs = zip(parts, parts[1:], strict=False)
    html = "<table>" + "".join(f"<tr><td>{p}</td><td>{q}</td></tr>" for p, q in pairs) + "</table>"
    for record in (build_report(joiner.join(parts), is_html=False), build_report(html)):
        assert list(record) == list(SCHEMA_FIELDS)
        assert record["checks"] == [] or [c["rule"] for c in record["checks"]] == [
            "applications_balance",
            "applications_results_sum",
            "applications_row_total",
            "review_litigation_totals",
        ]
