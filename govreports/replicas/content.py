"""Report bodies for the replica portals: the five seeds as published, and reports generated
from the seeds' structure (sections, stock sentences, tables) for other units, years and figures.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import zlib
from dataclasses import dataclass, field, replace
from functools import cache
from html import escape
from importlib import resources

from govreports.parse.statistics import SUMMARY_KEYS
from govreports.replicas.labels import application_layout
from govreports.replicas.tables import (
    APPLICANT_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    VIOLATIONS,
    TableStyle,
    blank_zeros,
    break_figures,
    make_figures,
    section_tables,
)


@dataclass
class ReplicaReport:
    """One document on a replica portal: a report or a look-alike, with its ground truth."""

    url: str
    title: str
    issuer: str | None
    region: str | None
    level: str
    year: int | None
    publish_date: dt.date
    body_html: str
    source: str
    is_report: bool = True
    template: str = "unknown"
    encoding: str = "utf-8"
    list_title: str | None = None
    figures: dict | None = None  # the expected ``statistics`` (docs/schema.md §2, without ``raw``)
    active_total: int | None = None  # 主动公开政府信息 total as the text states it
    summary: dict | None = None  # the docs/schema.md §3 figures the page states (None: nothing stated)
    failing_checks: tuple[str, ...] = ()  # rules the figures deliberately break
    failing_cross_checks: tuple[str, ...] = ()  # rules broken against last year's report
    extra: dict = field(default_factory=dict)
    modified: dt.datetime | None = None  # what Last-Modified says; the publish date until edited

    def __post_init__(self) -> None:
        if self.modified is None:
            self.modified = dt.datetime.combine(self.publish_date, dt.time(9), dt.UTC)

    def ground_truth(self) -> dict:
        truth = {
            "url": self.url,
            "title": self.title,
            "issuer": self.issuer,
            "region": self.region,
            "level": self.level,
            "year": self.year,
            "publish_date": self.publish_date.isoformat(),
            "format": self.template,
            "summary": self.summary or dict.fromkeys(SUMMARY_KEYS),
            "statistics": self.figures,
            "failing_checks": sorted(self.failing_checks),
            "failing_cross_checks": sorted(self.failing_cross_checks),
        }
        return {**truth, **self.extra.get("truth", {})}  # e.g. the simplified title of a traditional page


def table_summary(figures: dict, active_total: int | None) -> dict:
    """The headline figures of a report whose tables hold ``figures``: the cells that carry them,
    as the ground truth has them (a blank cell is None), and the active total its prose states."""
    applications = figures.get("applications") or {}
    review = figures.get("review_litigation") or {}
    suits = [review[g]["total"] for g in ("suit_direct", "suit_after_review")] if review else [None, None]
    return {
        "active_disclosure_total": active_total,
        "applications_new": applications.get("new", {}).get("total"),
        "applications_carried_in": applications.get("carried_in", {}).get("total"),
        "applications_granted": applications.get("granted", {}).get("total"),
        "review_total": review.get("review", {}).get("total"),
        "litigation_total": None if suits == [None, None] else sum(v or 0 for v in suits),
    }


@cache
def seed_text(name: str) -> str:
    return resources.files("govreports.replicas").joinpath(f"seeds/{name}").read_text(encoding="utf-8")


def paragraphs_html(text: str) -> str:
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def template_for(year: int) -> str:
    return "pre2019" if year <= 2018 else ("2019" if year <= 2020 else "2021")


def _we(issuer: str) -> str:
    for suffix, we in (
        ("办公室", "我办"),
        ("局", "我局"),
        ("委员会", "我委"),
        ("镇人民政府", "我镇"),
        ("乡人民政府", "我乡"),
        ("街道办事处", "我街道"),
        ("县人民政府", "我县"),
        ("区人民政府", "我区"),
    ):
        if issuer.endswith(suffix):
            return we
    return "我市"


@dataclass
class StatisticsPlan:
    """What a generated report states: its figures, how its tables look, which rules they break."""

    template: str
    active_total: int
    figures: dict
    summary: dict
    style: TableStyle = TableStyle()
    failing_checks: tuple[str, ...] = ()
    failing_cross_checks: tuple[str, ...] = ()  # against last year's report of the same organ


_STYLES = (
    TableStyle(),
    TableStyle(),
    TableStyle(layout="table_br", money="wan_header"),
    TableStyle(layout="cells", blank="-", money="yuan_cell"),
    TableStyle(layout="pipes", money="wan_cell", fullwidth=True),
)
_BLANKS = ("", "-", "/", "无", "—")


def plan_statistics(
    template: str, rng: random.Random, last_year: dict | None = None, violate: bool = False
) -> StatisticsPlan:
    """Figures and table style for a generated report: most tables clean and consistent, some
    with blank cells (zeros left empty), a few with one deliberate arithmetic error (always when
    ``violate``).

    ``last_year`` is the same organ's previous figures: this year's carry-over and valid
    documents continue them, except for a few deliberate breaks."""
    active_total = rng.randint(120, 9000)
    if template == "pre2019":
        stated = _pre2019_figures(rng, active_total)
        return StatisticsPlan(template, active_total, {"pre2019": stated}, _pre2019_summary(stated))
    style = replace(rng.choice(_STYLES), variant=rng.choice((0, 0, 1, 2, 3)))  # the labels' wording
    roll = 0.0 if violate else rng.random()
    blanks = 0.12 <= roll < 0.3
    carried_in, valid_before, cross_breaks = _continue(last_year, template, rng, may_break=not blanks)
    figures = make_figures(rng, template, carried_in, valid_before)
    if roll < 0.12:
        kind = rng.choice(sorted(VIOLATIONS))
        broken = break_figures(figures, kind, rng)
        summary = table_summary(broken, active_total)
        return StatisticsPlan(template, active_total, broken, summary, style, VIOLATIONS[kind], cross_breaks)
    if blanks:
        blank = rng.choice(_BLANKS[1:] if style.layout == "cells" else _BLANKS)  # a flattened empty cell vanishes
        style = replace(style, blank=blank)
        figures = blank_zeros(figures)
    summary = table_summary(figures, active_total)
    return StatisticsPlan(template, active_total, figures, summary, style, failing_cross_checks=cross_breaks)


def _continue(
    last_year: dict | None, template: str, rng: random.Random, may_break: bool
) -> tuple[dict | None, dict | None, tuple]:
    """This year's carried_in and valid_before from last year's figures; about one pair in ten
    breaks a chain on purpose (only where no blank cell could hide the break)."""
    applications = (last_year or {}).get("applications")
    if not applications:
        return None, None, ()
    carried_out = applications["carried_out"]
    carried_in = {c: carried_out[c] or 0 for c in APPLICANT_COLUMNS[:6]}
    active = last_year.get("active") or {}
    valid_before = {row: active[row]["valid"] for row in ("rules", "normative_docs") if "valid" in active.get(row, {})}
    breaks: list[str] = []
    clean = may_break and None not in carried_out.values()
    if clean and rng.random() < 0.1:
        carried_in[rng.choice(APPLICANT_COLUMNS[:6])] += 1
        breaks.append("carried_over")
    if clean and valid_before and template == "2021" and rng.random() < 0.1:
        valid_before["normative_docs"] = valid_before.get("normative_docs", 0) + 2
        breaks.append("valid_documents")
    return carried_in, valid_before or None, tuple(breaks)


def _pre2019_figures(rng: random.Random, active_total: int) -> dict:
    stated = {"active_total": active_total, "applications_total": rng.choice((0, 0, rng.randint(1, 12)))}
    if stated["applications_total"]:
        granted = rng.randint(0, stated["applications_total"])
        partial = rng.randint(0, stated["applications_total"] - granted)
        stated.update(
            applications_granted=granted,
            applications_partial=partial,
            applications_refused=stated["applications_total"] - granted - partial,
        )
    stated["fees_yuan"] = rng.choice((0, 0, rng.randint(5, 300)))
    cases = rng.choice((0, 0, 1))
    stated.update(review_total=cases, litigation_total=rng.choice((0, cases)))
    return stated


def _pre2019_summary(stated: dict) -> dict:
    """What the pre-2019 prose states as numbers: a year without applications or cases says so in a
    sentence (未收到…申请), which is no figure."""
    applications = stated["applications_total"] or None
    cases = bool(stated["review_total"] or stated["litigation_total"])
    return {
        "active_disclosure_total": stated["active_total"],
        "applications_new": applications,
        "applications_carried_in": None,
        "applications_granted": stated.get("applications_granted") if applications else None,
        "review_total": stated["review_total"] if cases else None,
        "litigation_total": stated["litigation_total"] if cases else None,
    }


def _pre2019_prose(stated: dict, year: int, we: str) -> list[str]:
    applications = stated["applications_total"]
    if applications:
        received = (
            f"{year}年，共收到政府信息公开申请{applications}件，其中同意公开{stated['applications_granted']}件，"
            f"同意部分公开{stated['applications_partial']}件，不予公开{stated['applications_refused']}件，均已按期答复。"
        )
    else:
        received = f"{year}年，{we}未收到依申请公开信件。"
    fees = (
        f"{year}年，收取检索费、复制费共{stated['fees_yuan']}元。"
        if stated["fees_yuan"]
        else f"{year}年，没有收取和减免依申请公开政府信息费用。"
    )
    cases = (
        f"全年因政府信息公开申请行政复议{stated['review_total']}件，提起行政诉讼{stated['litigation_total']}件。"
        if stated["review_total"] or stated["litigation_total"]
        else "全年没有发生因政府信息公开申请行政复议、提起行政诉讼的情况。"
    )
    return [
        "二、主动公开政府信息情况",
        f"{year}年，共主动公开政府信息{stated['active_total']}条，其中机构信息{stated['active_total'] % 17 + 3}条，"
        f"政策文件{stated['active_total'] % 53 + 3}条。",
        "三、依申请公开政府信息情况",
        received,
        "四、政府信息公开的收费及减免情况",
        fees,
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
        cases,
    ]


# How real pages open a report body, as well as plainly: the heading again, broken over two lines;
# the heading with the organ's name under it; a cover notice from the government's office around
# the report; a bulleted list of the page's metadata. ``short_source``: the page's 发布机构/来源
# names the organ short (市教育局), the text in full.
REPORT_SHAPES = ("plain", "plain", "plain", "split_heading", "byline", "cover_letter", "metadata_list", "short_source")


def report_lead(shape: str, title: str, issuer: str, year: int, published: dt.date) -> str:
    """The paragraphs a body of ``shape`` opens with, before the report's own text."""
    year_at = title.find(str(year))
    if shape == "split_heading" and year_at > 0:
        if year % 2:  # the organ over the year and the name
            return paragraphs_html(f"{title[:year_at]}\n{title[year_at:]}")
        cut = title.index("信息公开") if "信息公开" in title else len(title) // 2
        return paragraphs_html(f"{title[:cut]}\n{title[cut:]}")  # broken mid-phrase
    if shape == "byline":
        return paragraphs_html(f"{title}\n{issuer}")
    if shape == "cover_letter" and issuer.endswith("人民政府"):
        office = issuer + "办公室"
        notice = published - dt.timedelta(days=2)
        return paragraphs_html(
            f"{office}关于公布\n{title}的通知\n各乡镇人民政府、街道办事处，各有关单位：\n"
            f"现将《{title}》予以公布，供社会各界查阅。\n{office}\n"
            f"{notice.year}年{notice.month}月{notice.day}日\n{title}"
        )
    if shape == "metadata_list":
        return paragraphs_html(
            f"• 索 引 号：{abs(hash_text(title)) % 10**8:08d}/{published.year}-{year % 97:05d}\n"
            f"• 发布机构：{issuer}\n• 发布日期：{published.isoformat()}\n• 主题分类：政务公开\n{title}"
        )
    return ""


def short_name(issuer: str, region: str) -> str:
    """A department as a page's 来源 names it on its own government's portal: 玉环市教育局 → 市教育局."""
    return region[-1] + issuer[len(region) :] if issuer.startswith(region) and len(issuer) > len(region) else issuer


def hash_text(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def generated_body(
    issuer: str, year: int, plan: StatisticsPlan, rng: random.Random, signed: dt.date, lead: str = ""
) -> str:
    """A report body in the shape of the seeds: preamble, numbered sections, tables, signature;
    ``lead`` opens it (``report_lead``)."""
    we = _we(issuer)
    template = plan.template
    p = []
    if template == "pre2019":
        p.append(
            f"本报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求，由{issuer}编制。"
            f"报告所列数据统计期限自{year}年1月1日至{year}年12月31日。"
        )
        p.append("一、概述")
        p.append(
            f"{year}年，{we}根据《条例》的总体要求，不断完善制度建设，加大重点领域信息公开力度，"
            "改善依申请公开服务工作，努力保障人民群众的知情权、参与权、表达权和监督权。"
        )
        p += _pre2019_prose(plan.figures["pre2019"], year, we)
        p.append("六、存在的主要问题及改进措施")
        p.append(
            "政府信息公开工作取得了一定成效，但主动公开的意识还不够强，公开信息的质量和时效有待提升。"
            "下一步将进一步深化重点领域信息公开，加强政策解读和舆情回应。"
        )
        body = paragraphs_html("\n".join(p))
    else:
        p.append(
            f"根据《中华人民共和国政府信息公开条例》(以下简称《条例》)的规定，现公布{issuer}{year}年政府信息公开工作年度报告。"
            "本报告由总体情况，主动公开政府信息情况，收到和处理政府信息公开申请情况，政府信息公开行政复议、行政诉讼情况，"
            f"存在的主要问题及改进情况，其他需要报告的事项六个部分组成，所列数据统计期限为{year}年1月1日至{year}年12月31日。"
        )
        p.append("一、总体情况")
        p.append(
            f"{year}年，{we}坚持“以公开为常态，不公开为例外”原则，认真学习贯彻《条例》，不断完善政务公开制度机制，"
            "切实保障了公众的知情权、参与权和监督权。"
        )
        p.append(
            f"（一）主动公开。全年通过政府门户网站主动公开各类政府信息{plan.active_total}条，"
            f"发布政策解读{rng.randint(3, 90)}条。"
        )
        p.append("（二）依申请公开。严格按照《条例》规定的程序办理依申请公开事项，所有申请均在法定期限内答复。")
        p.append("（三）政府信息管理。建立健全公文公开属性认定制度，对行政规范性文件进行动态清理。")
        p.append("（四）平台建设。强化政府网站信息公开第一平台作用，加强政务新媒体管理。")
        p.append(f"（五）监督保障。将政务公开工作纳入年度绩效考核，全年开展业务培训{rng.randint(1, 6)}次。")
        active, applications, review = section_tables(template, plan.figures, plan.style)
        body = paragraphs_html("\n".join(p))
        body += "<p>二、主动公开政府信息情况</p>" + active
        body += "<p>三、收到和处理政府信息公开申请情况</p>" + applications
        body += "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + review
        tail = [
            "五、存在的主要问题及改进情况",
            f"{year}年{we}政府信息公开工作取得了一定成绩，但政策解读形式不够丰富，基层政务公开标准化规范化仍需深化。"
            "下一步将加强业务培训，提升信息发布质量。",
            "六、其他需要报告的事项",
            "无。" if template == "2019" else f"{year}年度，{we}未收取信息处理费。",
        ]
        body += paragraphs_html("\n".join(tail))
    signature = f"{issuer}\n{signed.year}年{signed.month}月{signed.day}日"
    return lead + body + paragraphs_html(signature)


def distractor_body(title: str, issuer: str, year: int) -> str:
    """A page that sits in the 年报 column but is not an annual report."""
    if "报表" in title:
        text = (
            f"{title}\n一、网站基本信息\n网站名称：{issuer}门户网站\n二、网站访问情况\n"
            f"总访问量：{year * 37 % 99991}次\n三、信息发布情况\n总数：{year % 997}条"
        )
    elif "政府工作报告" in title:
        text = (
            f"各位代表：\n现在，我代表{issuer}，向大会报告政府工作，请予审议，并请各位政协委员提出意见。\n"
            f"一、{year - 1}年工作回顾\n过去的一年，全体干部群众团结奋斗，经济社会发展稳中有进。"
        )
    else:
        text = (
            f"{title}\n一、部门基本情况\n二、绩效目标完成情况\n{year}年度部门整体支出绩效自评得分为{90 + year % 9}分。\n"
            "三、存在的问题及改进措施"
        )
    return paragraphs_html(text)


# --- the seeds as their portals publish them -----------------------------------------------


def seed_000_body() -> str:
    """玉环市 2020: the mirror copy's flattened table layout reduced to the report body."""
    lines = [line for line in seed_text("000_3edc6293011aec12.txt").splitlines()]
    body = [re.sub(r"\s*\|[|\s]*$", "", line) for line in lines[6:-1]]
    return paragraphs_html("\n".join(body))


# What seeds 001 and 004 state in prose, read by hand from the seed texts.
SEED_001_FIGURES = {
    "pre2019": {
        "active_total": 5090,  # 二、…全年共发布各类信息5090条
        "applications_total": 0,  # 未收到依申请公开信件
        "fees_yuan": 0,  # 没有收取和减免依申请公开政府信息费用
        "review_total": 0,  # 没有发生因政府信息公开申请行政复议、诉讼和申诉
        "litigation_total": 0,
        "complaints_total": 0,
    }
}
SEED_004_FIGURES = {
    "pre2019": {
        "active_total": 170,  # 主动公开政府信息170条
        "applications_total": 0,  # 未收到政府信息公开申请
        "fees_yuan": 0,  # 未收取政府信息公开相关费用
        "review_total": 0,  # 未发生因政府信息公开申请行政复议、提起行政诉讼
        "litigation_total": 0,
    }
}


# What the seeds state as numbers (docs/schema.md §3), read by hand: seed 000 only its applications in
# prose (受理依申请公开28件; its tables are lost), 001 and 004 their active totals (the rest they
# state as 未收到 / 没有发生, which is no number), 003 nothing outside its lost tables.
SEED_SUMMARIES = {
    "000": {"applications_new": 28},
    "001": {"active_disclosure_total": 5090},
    "003": {},
    "004": {"active_disclosure_total": 170},
}


def seed_summary(seed: str) -> dict:
    return {key: SEED_SUMMARIES[seed].get(key) for key in SUMMARY_KEYS}


def seed_001_body() -> str:
    return paragraphs_html(seed_text("001_92ab342e01c50e26.txt"))


SEED_002_FIGURES = {
    "active": {
        "rules": {"made": 0, "published": 0, "total_published": 0},
        "normative_docs": {"made": 8, "published": 7, "total_published": 18},
        "licensing": {"prev_items": 0, "delta": 0, "decisions": 0},
        "other_services": {"prev_items": 0, "delta": 0, "decisions": 0},
        "penalty": {"prev_items": 0, "delta": 0, "decisions": 0},
        "coercion": {"prev_items": 0, "delta": 0, "decisions": 0},
        "fees": {"prev_items": 0, "delta": 0},
        "procurement": {"projects": 5, "amount": 39.0785},
    },
    "applications": {},  # filled below: only three cells are non-zero
    "review_litigation": {g: dict.fromkeys(REVIEW_COLUMNS, 0) for g in REVIEW_GROUPS},
}


def _seed_002_applications() -> dict:
    zero = dict.fromkeys(APPLICANT_COLUMNS, 0)
    rows = {key: dict(zero) for key, _, _ in application_layout("2019")}
    for row in ("new", "total"):
        rows[row].update(legal_services=2, total=2)
    for row in ("refused_query_matter", "unavailable_unclear"):
        rows[row].update(legal_services=1, total=1)
    return rows


SEED_002_FIGURES["applications"] = _seed_002_applications()


def seed_002_body() -> str:
    """高平市人民政府办公室 2020: the TRS body with its three tables rendered as HTML tables."""
    text = seed_text("002_46f17ed6ac16f0b8.txt")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("发布时间")) + 1
    body = "\n".join(lines[start:])
    head, rest = body.split("  二、主动公开政府信息", 1)
    _, tail = rest.split("  五、存在的主要问题及改进情况", 1)
    active, applications, review = section_tables("2019", SEED_002_FIGURES, TableStyle(money="yuan_cell"))
    return (
        paragraphs_html(head)
        + "<p>二、主动公开政府信息</p>"
        + active
        + "<p>三、收到和处理政府信息公开申请情况</p>"
        + applications
        + "<p>四、政府信息公开行政复议、行政诉讼情况</p>"
        + review
        + paragraphs_html("五、存在的主要问题及改进情况" + tail)
    )


def seed_003_body() -> str:
    """蒙自市 2019: the body after the 发布时间 strip (the strip is page chrome)."""
    lines = seed_text("003_148079907f1ffa00.txt").splitlines()
    return paragraphs_html("\n".join(lines[3:]))


def seed_004_parts() -> tuple[str, str]:
    """沈荡镇 2017 as the traditional-script mirror had it: (title, body HTML), glosses intact."""
    lines = seed_text("004_f86300e4f88928ae.txt").splitlines()
    title = lines[2].rstrip(" |")
    body = [line.rstrip(" |") for line in lines[4:] if line.strip(" |")]
    return title, paragraphs_html("\n".join(body))
