"""govreports evaluate: the parser scored on pages with hand-checked truth, and the scorer itself."""

import json
import os
from pathlib import Path

import pytest

from govreports.evaluate import FIELDS, Score, evaluate, read_cases, score_record
from tests.conftest import REPO, run_cli

REALWORLD = Path(os.environ.get("GOVREPORTS_REALWORLD", REPO.parent / "shared" / "realworld" / "cases"))

TRUTH = {
    "title": "某某县2020年政府信息公开工作年度报告",
    "issuer": ["某某县人民政府办公室", "某某县人民政府"],
    "region": "某某县",
    "level": "county",
    "year": 2020,
    "publish_date": None,
    "format": "unknown",
    "figures": {"applications_new": 7},
}
RIGHT = {
    "title": "某某县2020年 政府信息公开工作年度报告",  # a space inside is the same title
    "issuer": "某某县人民政府",  # the truth's second reading
    "region": "某某县",
    "level": "county",
    "year": 2020,
    "publish_date": None,
    "format": "2019",  # no table in the text: the template of the year is right too
    "summary": {"applications_new": 7},
}


def _scored(record: dict, truth: dict = TRUTH) -> Score:
    score = Score()
    score_record(score, "c001", truth, record)
    return score


def test_a_right_record_scores_full_marks_under_the_conventions():
    score = _scored(RIGHT)
    assert score.overall == 1.0 and not score.misses


def test_a_wrong_record_lowers_the_score_and_names_the_miss():
    score = _scored({**RIGHT, "issuer": "某某市人民政府", "summary": {"applications_new": 8}})
    assert score.field_score("issuer") == 0 and score.figures_score == 0
    assert score.overall == pytest.approx(6 / 8)
    assert [miss.line() for miss in score.misses] == [
        'c001 issuer: want ["某某县人民政府办公室", "某某县人民政府"] got "某某市人民政府"',
        "c001 figures.applications_new: want 7 got 8",
    ]


def test_an_invented_value_is_wrong_and_counted_apart():
    score = _scored({**RIGHT, "publish_date": "2021-01-05", "summary": {"applications_new": 7, "review_total": 0}})
    assert [miss.field for miss in score.invented] == ["publish_date", "figures.review_total"]
    assert score.field_score("publish_date") == 0
    assert score.figures_total == 1  # a figure the truth lacks is not asked for, only counted as invented


def test_a_year_up_to_2018_has_no_unknown_format():
    old = {**TRUTH, "year": 2016, "format": "pre2019"}
    assert _scored({**RIGHT, "year": 2016, "format": "unknown"}, old).field_score("format") == 0


def _write_cases(folder: Path) -> None:
    truth = {**TRUTH, "publish_date": "2021-01-25"}
    page = (
        "当前位置：首页 > 信息公开 > 年报\n某某县2020年政府信息公开工作年度报告\n发布时间：2021-01-25 来源：某某县人民政府\n"
        "本报告所列数据统计期限为2020年1月1日至2020年12月31日。\n一、总体情况\n全年共收到政府信息公开申请7件。"
    )
    (folder / "c001.json").write_text(
        json.dumps({"id": "c001", "url": "http://www.example.gov.cn/a.html", "text": page, "truth": truth}),
        encoding="utf-8",
    )
    html = page.replace("\n", "<br>")
    (folder / "c002.json").write_text(json.dumps({"id": "c002", "truth": {**truth, "title": None}}), encoding="utf-8")
    (folder / "c002.html").write_text(f"<html><body><div id='zoom'>{html}</div></body></html>", encoding="utf-8")


def test_evaluate_reads_text_and_saved_html_cases_through_parse(tmp_path):
    _write_cases(tmp_path)
    cases = list(read_cases(tmp_path))
    assert [(c.id, c.suffix) for c in cases] == [("c001", ".txt"), ("c002", ".html")]
    score = evaluate(cases)
    assert score.cases == 2 and not score.errors
    assert score.field_score("year") == 1.0
    # c002's truth says it has no title: the heading the parser reads there is an invention.
    assert [(m.case, m.field) for m in score.invented] == [("c002", "title")]


def test_the_command_prints_the_table_and_exits_1_below_the_bar(tmp_path):
    _write_cases(tmp_path)
    ok = run_cli("evaluate", str(tmp_path), "--min", "0.5")
    assert ok.returncode == 0, ok.stderr
    assert "title" in ok.stdout and "invented (1):" in ok.stdout and "c002 title: want null" in ok.stdout
    strict = run_cli("evaluate", str(tmp_path), "--min", "0.99", "--json")
    assert strict.returncode == 1 and "below --min" in strict.stderr
    result = json.loads(strict.stdout)
    assert set(result["fields"]) == set(FIELDS)
    assert result["invented"] == ['c002 title: want null got "某某县2020年政府信息公开工作年度报告"']
    assert run_cli("evaluate", str(tmp_path / "none")).returncode == 2


@pytest.mark.skipif(not REALWORLD.is_dir(), reason=f"no real-world cases at {REALWORLD} (set GOVREPORTS_REALWORLD)")
def test_the_parser_holds_the_bar_on_real_pages_nobody_here_wrote():
    score = evaluate(read_cases(REALWORLD))
    report = "\n".join(miss.line() for miss in score.misses)
    assert score.cases >= 90 and not score.errors, score.errors
    assert score.overall >= 0.95, report
    assert all(score.field_score(name) >= 0.90 for name in FIELDS), report
    assert score.figures_score >= 0.90, report
    assert not score.invented, report
