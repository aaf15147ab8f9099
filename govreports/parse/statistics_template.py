"""The national statistics tables (sections 二/三/四) as data: row and column keys of docs/schema.md §2
with the template's own labels, for the 2019 and 2021 formats.

The parser reads labels through this vocabulary and the replica portals render tables from it.
"""

from __future__ import annotations

from dataclasses import dataclass

APPLICANT_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
    "total",
)
APPLICANT_PARTS = APPLICANT_COLUMNS[:6]


@dataclass(frozen=True)
class ActiveBlock:
    """One 第二十条 block of section 二: caption, column headers, rows ``(key, label)``, column keys."""

    item: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, str], ...]
    columns: tuple[str, ...]


ACTIVE_BLOCKS = {
    "2019": (
        ActiveBlock(
            "（一）",
            ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
            (("rules", "规章"), ("normative_docs", "规范性文件")),
            ("made", "published", "total_published"),
        ),
        ActiveBlock(
            "（五）",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
            ("prev_items", "delta", "decisions"),
        ),
        ActiveBlock(
            "（六）",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            (("penalty", "行政处罚"), ("coercion", "行政强制")),
            ("prev_items", "delta", "decisions"),
        ),
        ActiveBlock("（八）", ("上一年项目数量", "本年增/减"), (("fees", "行政事业性收费"),), ("prev_items", "delta")),
        ActiveBlock(
            "（九）", ("采购项目数量", "采购总金额"), (("procurement", "政府集中采购"),), ("projects", "amount")
        ),
    ),
    "2021": (
        ActiveBlock(
            "（一）",
            ("本年制发件数", "本年废止件数", "现行有效件数"),
            (("rules", "规章"), ("normative_docs", "行政规范性文件")),
            ("issued", "repealed", "valid"),
        ),
        ActiveBlock("（五）", ("本年处理决定数量",), (("licensing", "行政许可"),), ("decisions",)),
        ActiveBlock(
            "（六）", ("本年处理决定数量",), (("penalty", "行政处罚"), ("coercion", "行政强制")), ("decisions",)
        ),
        ActiveBlock("（八）", ("本年收费金额（单位：万元）",), (("fees", "行政事业性收费"),), ("amount",)),
    ),
}
# Columns holding money; SCHEMA normalises them to 万元.
MONEY_COLUMNS = frozenset({("procurement", "amount"), ("fees", "amount")})


def active_columns(template: str) -> dict[str, tuple[str, ...]]:
    """Row key → column keys of section 二 in ``template``."""
    return {key: block.columns for block in ACTIVE_BLOCKS[template] for key, _ in block.rows}


# Section 三, rows in template order: (key, label, group label or None).
_REFUSED = (
    ("refused_state_secret", "1.属于国家秘密"),
    ("refused_prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("refused_security_stability", "3.危及“三安全一稳定”"),
    ("refused_third_party", "4.保护第三方合法权益"),
    ("refused_internal_affairs", "5.属于三类内部事务信息"),
    ("refused_process_info", "6.属于四类过程性信息"),
    ("refused_enforcement_file", "7.属于行政执法案卷"),
    ("refused_query_matter", "8.属于行政查询事项"),
)
_UNAVAILABLE = (
    ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable_unclear", "3.补正后申请内容仍不明确"),
)
_NOT_PROCESSED = (
    ("not_processed_complaint", "1.信访举报投诉类申请"),
    ("not_processed_duplicate", "2.重复申请"),
    ("not_processed_publication", "3.要求提供公开出版物"),
    ("not_processed_mass_repeat", "4.无正当理由大量反复申请"),
    ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
)
_OTHER_2021 = (
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_misc", "3.其他"),
)


def application_rows(template: str) -> tuple[tuple[str, str, str | None], ...]:
    """Section 三's data rows for ``template`` as ``(key, label, group label)``."""
    rows: list[tuple[str, str, str | None]] = [
        ("new", "一、本年新收政府信息公开申请数量", None),
        ("carried_in", "二、上年结转政府信息公开申请数量", None),
        ("granted", "（一）予以公开", "三、本年度办理结果"),
        ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三、本年度办理结果"),
    ]
    rows += [(key, label, "（三）不予公开") for key, label in _REFUSED]
    rows += [(key, label, "（四）无法提供") for key, label in _UNAVAILABLE]
    rows += [(key, label, "（五）不予处理") for key, label in _NOT_PROCESSED]
    if template == "2019":
        rows.append(("other", "（六）其他处理", None))
    else:
        rows += [(key, label, "（六）其他处理") for key, label in _OTHER_2021]
    rows += [("total", "（七）总计", None), ("carried_out", "四、结转下年度继续办理", None)]
    return tuple(rows)


def result_rows(template: str) -> tuple[str, ...]:
    """The rows that add up to ``total`` (granted … other / other_*)."""
    keys = [key for key, _, _ in application_rows(template)]
    return tuple(keys[keys.index("granted") : keys.index("total")])


REVIEW_GROUPS = ("review", "suit_direct", "suit_after_review")
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
REVIEW_CELLS = tuple((group, col) for group in REVIEW_GROUPS for col in REVIEW_COLUMNS)

# docs/schema.md §2.4: what pre-2019 reports state in prose.
PRE2019_KEYS = (
    "active_total",
    "applications_total",
    "applications_granted",
    "applications_partial",
    "applications_refused",
    "fees_yuan",
    "review_total",
    "litigation_total",
    "complaints_total",
)

_APPLICANT_LABELS = dict(
    zip(
        APPLICANT_COLUMNS,
        ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"),
        strict=True,
    )
)
_REVIEW_LABELS = {
    "review": "行政复议",
    "suit_direct": "行政诉讼·未经复议直接起诉",
    "suit_after_review": "行政诉讼·复议后起诉",
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
_PRE2019_LABELS = {
    "active_total": "主动公开政府信息数",
    "applications_total": "收到申请总数",
    "applications_granted": "同意公开",
    "applications_partial": "同意部分公开",
    "applications_refused": "不予公开",
    "fees_yuan": "收取费用 (元)",
    "review_total": "行政复议",
    "litigation_total": "行政诉讼",
    "complaints_total": "举报投诉/申诉",
}


def statistics_labels() -> list[tuple[str, str, str, str, str, str | None]]:
    """``(section, row, col, row label, column label, unit)`` for every statistics cell."""
    rows: dict[tuple[str, str, str], tuple[str, str, str | None]] = {}
    for template, blocks in ACTIVE_BLOCKS.items():
        for block in blocks:
            for row, row_label in block.rows:
                for col, header in zip(block.columns, block.headers, strict=True):
                    unit = "万元" if (row, col) in MONEY_COLUMNS else "件"
                    rows.setdefault(("active", row, col), (row_label, f"{header} ({template}年格式)", unit))
    for template in ACTIVE_BLOCKS:
        for row, label, _ in application_rows(template):
            for col in APPLICANT_COLUMNS:
                rows.setdefault(("applications", row, col), (label, _APPLICANT_LABELS[col], "件"))
    for group in REVIEW_GROUPS:
        for col in REVIEW_COLUMNS:
            rows[("review_litigation", group, col)] = (_REVIEW_LABELS[group], _REVIEW_LABELS[col], "件")
    for key in PRE2019_KEYS:
        rows[("pre2019", key, "value")] = (_PRE2019_LABELS[key], "", "元" if key == "fees_yuan" else "件/条")
    return [(*key, *value) for key, value in rows.items()]
