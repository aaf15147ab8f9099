"""Report bodies for the replica portals: the five seeds as published, and reports generated
from the seeds' structure (sections, stock sentences, tables) for other units, years and figures.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import resources

from govreports.replicas.tables import (
    APPLICANT_COLUMNS,
    active_table_html,
    applications_table_html,
    make_figures,
    result_rows,
    review_table_html,
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
    figures: dict | None = None
    extra: dict = field(default_factory=dict)

    def ground_truth(self) -> dict:
        truth = {
            "url": self.url,
            "title": self.title,
            "issuer": self.issuer,
            "region": self.region,
            "level": self.level,
            "year": self.year,
            "publish_date": self.publish_date.isoformat(),
        }
        return {**truth, **self.extra.get("truth", {})}  # e.g. the simplified title of a traditional page


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


def generated_body(
    issuer: str, year: int, template: str, rng: random.Random, signed: dt.date, figures: dict | None
) -> str:
    """A report body in the shape of the seeds: preamble, numbered sections, tables, signature."""
    we = _we(issuer)
    published = rng.randint(120, 9000)
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
        p.append("二、主动公开政府信息情况")
        p.append(
            f"{year}年，共主动公开政府信息{published}条，其中机构信息{rng.randint(3, 20)}条，"
            f"政策文件{rng.randint(3, 60)}条，规划总结{rng.randint(1, 20)}条，工作动态{rng.randint(20, 400)}条。"
        )
        p.append("三、依申请公开政府信息情况")
        applications = rng.choice((0, 0, rng.randint(1, 12)))
        p.append(
            f"{year}年，共收到政府信息公开申请{applications}件，均已按期答复。"
            if applications
            else f"{year}年，{we}未收到依申请公开信件。"
        )
        p.append("四、政府信息公开的收费及减免情况")
        p.append(f"{year}年，没有收取和减免依申请公开政府信息费用。")
        p.append("五、因政府信息公开申请行政复议、提起行政诉讼的情况")
        p.append("全年没有发生因政府信息公开申请行政复议、提起行政诉讼的情况。")
        p.append("六、存在的主要问题及改进措施")
        p.append(
            "政府信息公开工作取得了一定成效，但主动公开的意识还不够强，公开信息的质量和时效有待提升。"
            "下一步将进一步深化重点领域信息公开，加强政策解读和舆情回应。"
        )
        body = paragraphs_html("\n".join(p))
    else:
        assert figures is not None
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
            f"（一）主动公开。全年通过政府门户网站主动公开各类政府信息{published}条，发布政策解读{rng.randint(3, 90)}条。"
        )
        p.append("（二）依申请公开。严格按照《条例》规定的程序办理依申请公开事项，所有申请均在法定期限内答复。")
        p.append("（三）政府信息管理。建立健全公文公开属性认定制度，对行政规范性文件进行动态清理。")
        p.append("（四）平台建设。强化政府网站信息公开第一平台作用，加强政务新媒体管理。")
        p.append(f"（五）监督保障。将政务公开工作纳入年度绩效考核，全年开展业务培训{rng.randint(1, 6)}次。")
        body = paragraphs_html("\n".join(p))
        body += "<p>二、主动公开政府信息情况</p>" + active_table_html(template, figures["active"])
        body += "<p>三、收到和处理政府信息公开申请情况</p>" + applications_table_html(template, figures["applications"])
        body += "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + review_table_html(figures["review_litigation"])
        tail = [
            "五、存在的主要问题及改进情况",
            f"{year}年{we}政府信息公开工作取得了一定成绩，但政策解读形式不够丰富，基层政务公开标准化规范化仍需深化。"
            "下一步将加强业务培训，提升信息发布质量。",
            "六、其他需要报告的事项",
            "无。" if template == "2019" else f"{year}年度，{we}未收取信息处理费。",
        ]
        body += paragraphs_html("\n".join(tail))
    signature = f"{issuer}\n{signed.year}年{signed.month}月{signed.day}日"
    return body + paragraphs_html(signature)


def figures_for(year: int, rng: random.Random) -> dict | None:
    template = template_for(year)
    return make_figures(rng, template) if template != "pre2019" else None


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
    "review_litigation": {
        g: {c: 0 for c in ("upheld", "corrected", "other", "pending", "total")}
        for g in ("review", "suit_direct", "suit_after_review")
    },
}


def _seed_002_applications() -> dict:
    zero = dict.fromkeys(APPLICANT_COLUMNS, 0)
    rows = {row: dict(zero) for row in ("new", "carried_in", *result_rows("2019"), "total", "carried_out")}
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
    figures = SEED_002_FIGURES
    return (
        paragraphs_html(head)
        + "<p>二、主动公开政府信息</p>"
        + active_table_html("2019", figures["active"], money_unit="元")
        + "<p>三、收到和处理政府信息公开申请情况</p>"
        + applications_table_html("2019", figures["applications"])
        + "<p>四、政府信息公开行政复议、行政诉讼情况</p>"
        + review_table_html(figures["review_litigation"])
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
