"""The national statistical tables (sections 二/三/四) as a portal renders them: HTML with rowspan/colspan.

Figures use the SCHEMA.md §2 keys, so a replica's ground truth and the parser share one vocabulary.
"""

from __future__ import annotations

import random
from html import escape

APPLICANT_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
    "total",
)

ACTIVE_2019 = (
    (
        "（一）",
        ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        (("rules", "规章"), ("normative_docs", "规范性文件")),
        ("made", "published", "total_published"),
    ),
    (
        "（五）",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
        ("prev_items", "delta", "decisions"),
    ),
    (
        "（六）",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        (("penalty", "行政处罚"), ("coercion", "行政强制")),
        ("prev_items", "delta", "decisions"),
    ),
    ("（八）", ("上一年项目数量", "本年增/减"), (("fees", "行政事业性收费"),), ("prev_items", "delta")),
    ("（九）", ("采购项目数量", "采购总金额"), (("procurement", "政府集中采购"),), ("projects", "amount")),
)
ACTIVE_2021 = (
    (
        "（一）",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        (("rules", "规章"), ("normative_docs", "行政规范性文件")),
        ("issued", "repealed", "valid"),
    ),
    ("（五）", ("本年处理决定数量",), (("licensing", "行政许可"),), ("decisions",)),
    ("（六）", ("本年处理决定数量",), (("penalty", "行政处罚"), ("coercion", "行政强制")), ("decisions",)),
    ("（八）", ("本年收费金额（单位：万元）",), (("fees", "行政事业性收费"),), ("amount",)),
)

_REFUSED = (
    "refused_state_secret",
    "refused_prohibited_by_law",
    "refused_security_stability",
    "refused_third_party",
    "refused_internal_affairs",
    "refused_process_info",
    "refused_enforcement_file",
    "refused_query_matter",
)
_REFUSED_LABELS = (
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
)
_UNAVAILABLE = ("unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear")
_UNAVAILABLE_LABELS = ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")
_NOT_PROCESSED = (
    "not_processed_complaint",
    "not_processed_duplicate",
    "not_processed_publication",
    "not_processed_mass_repeat",
    "not_processed_confirmation",
)
_NOT_PROCESSED_LABELS = (
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
)
_OTHER_2021 = ("other_no_correction", "other_fee_unpaid", "other_misc")
_OTHER_2021_LABELS = (
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
)
REVIEW_GROUPS = ("review", "suit_direct", "suit_after_review")
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")


def result_rows(template: str) -> tuple[str, ...]:
    other = ("other",) if template == "2019" else _OTHER_2021
    return ("granted", "partial") + _REFUSED + _UNAVAILABLE + _NOT_PROCESSED + other


def make_figures(rng: random.Random, template: str) -> dict:
    """Random figures in SCHEMA keys that satisfy every consistency rule of SCHEMA.md §4."""
    active: dict[str, dict] = {}
    for _, _, rows, columns in ACTIVE_2019 if template == "2019" else ACTIVE_2021:
        for key, _ in rows:
            values = {}
            for col in columns:
                if col == "delta":
                    values[col] = rng.randint(-5, 5)
                elif col == "amount":
                    values[col] = round(rng.uniform(0, 400), 4)
                else:
                    values[col] = rng.choice((0, 0, rng.randint(1, 60)))
            if "total_published" in values:
                values["total_published"] = max(values["total_published"], values["published"])
            active[key] = values
    applications = {}
    rows = result_rows(template)
    carried_in = {c: rng.choice((0, 0, 1)) for c in APPLICANT_COLUMNS[:6]}
    results = {row: {c: 0 for c in APPLICANT_COLUMNS[:6]} for row in rows}
    new = {}
    carried_out = {}
    for col in APPLICANT_COLUMNS[:6]:
        received = (
            rng.choice((0, 0, rng.randint(1, 30)))
            if col in ("natural_person", "commercial")
            else rng.choice((0, 0, 0, 1, 2))
        )
        new[col] = received
        pool = received + carried_in[col]
        carried_out[col] = rng.randint(0, min(pool, 2))
        for _ in range(pool - carried_out[col]):
            results[rng.choice(rows[:4] + rows[10:13] + rows[-1:])][col] += 1
    for key, values in (("new", new), ("carried_in", carried_in), *results.items()):
        applications[key] = {**values, "total": sum(values.values())}
    applications["total"] = {c: sum(results[r][c] for r in rows) for c in APPLICANT_COLUMNS[:6]}
    applications["total"]["total"] = sum(applications["total"].values())
    applications["carried_out"] = {**carried_out, "total": sum(carried_out.values())}
    review = {}
    for group in REVIEW_GROUPS:
        parts = {c: rng.choice((0, 0, rng.randint(0, 3))) for c in REVIEW_COLUMNS[:4]}
        review[group] = {**parts, "total": sum(parts.values())}
    return {"active": active, "applications": applications, "review_litigation": review}


def _cell(value, *, colspan: int = 1, rowspan: int = 1) -> str:
    attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    return f"<td{attrs}>{escape(str(value))}</td>"


def _money(value: float, unit: str) -> str:
    if unit == "元":
        return f"{round(value * 10000)}元"
    return f"{value:g}"


def active_table_html(template: str, active: dict, *, money_unit: str = "万元") -> str:
    """Section 二: stacked blocks, each a 第二十条 caption, an 信息内容 header and its rows."""
    blocks = ACTIVE_2019 if template == "2019" else ACTIVE_2021
    rows = []
    for item, headers, block_rows, columns in blocks:
        rows.append("<tr>" + _cell(f"第二十条第{item}项", colspan=4) + "</tr>")
        span = 3 if len(headers) == 1 else 1
        rows.append(
            "<tr>"
            + _cell("信息内容")
            + "".join(_cell(h, colspan=span) for h in headers)
            + ("" if len(headers) != 2 else _cell(""))
            + "</tr>"
        )
        for key, label in block_rows:
            cells = []
            for col in columns:
                value = active[key][col]
                if col == "amount" and template == "2019":
                    value = _money(value, money_unit)
                elif col == "delta" and value > 0:
                    value = f"+{value}"
                cells.append(_cell(value, colspan=span))
            if len(columns) == 2:
                cells.append(_cell(""))
            rows.append("<tr>" + _cell(label) + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0">' + "".join(rows) + "</table>"


def applications_table_html(template: str, applications: dict) -> str:
    """Section 三 with the template's three-row header and its grouped row labels."""

    def values(row: str) -> str:
        return "".join(_cell(applications[row][c]) for c in APPLICANT_COLUMNS)

    head = (
        "<tr>"
        + _cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3, rowspan=3)
        + _cell("申请人情况", colspan=7)
        + "</tr>"
        "<tr>" + _cell("自然人", rowspan=2) + _cell("法人或其他组织", colspan=5) + _cell("总计", rowspan=2) + "</tr>"
        "<tr>" + "".join(_cell(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")) + "</tr>"
    )
    body = [
        "<tr>" + _cell("一、本年新收政府信息公开申请数量", colspan=3) + values("new") + "</tr>",
        "<tr>" + _cell("二、上年结转政府信息公开申请数量", colspan=3) + values("carried_in") + "</tr>",
    ]
    group_rows = 20 if template == "2019" else 22
    body.append(
        "<tr>"
        + _cell("三、本年度办理结果", rowspan=group_rows)
        + _cell("（一）予以公开", colspan=2)
        + values("granted")
        + "</tr>"
    )
    body.append(
        "<tr>"
        + _cell("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2)
        + values("partial")
        + "</tr>"
    )
    groups = [
        ("（三）不予公开", _REFUSED, _REFUSED_LABELS),
        ("（四）无法提供", _UNAVAILABLE, _UNAVAILABLE_LABELS),
        ("（五）不予处理", _NOT_PROCESSED, _NOT_PROCESSED_LABELS),
    ]
    if template == "2021":
        groups.append(("（六）其他处理", _OTHER_2021, _OTHER_2021_LABELS))
    for label, keys, sub_labels in groups:
        for i, (key, sub) in enumerate(zip(keys, sub_labels, strict=True)):
            lead = _cell(label, rowspan=len(keys)) if i == 0 else ""
            body.append("<tr>" + lead + _cell(sub) + values(key) + "</tr>")
    if template == "2019":
        body.append("<tr>" + _cell("（六）其他处理", colspan=2) + values("other") + "</tr>")
    body.append("<tr>" + _cell("（七）总计", colspan=2) + values("total") + "</tr>")
    body.append("<tr>" + _cell("四、结转下年度继续办理", colspan=3) + values("carried_out") + "</tr>")
    return '<table border="1" cellspacing="0">' + head + "".join(body) + "</table>"


def review_table_html(review: dict) -> str:
    """Section 四: 行政复议 and the two 行政诉讼 groups over one row of 15 numbers."""
    labels = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    head = (
        "<tr>" + _cell("行政复议", colspan=5) + _cell("行政诉讼", colspan=10) + "</tr>"
        "<tr>"
        + "".join(_cell(x, rowspan=2) for x in labels)
        + _cell("未经复议直接起诉", colspan=5)
        + _cell("复议后起诉", colspan=5)
        + "</tr>"
        "<tr>" + "".join(_cell(x) for x in labels * 2) + "</tr>"
    )
    row = "".join(_cell(review[g][c]) for g in REVIEW_GROUPS for c in REVIEW_COLUMNS)
    return '<table border="1" cellspacing="0">' + head + "<tr>" + row + "</tr></table>"
