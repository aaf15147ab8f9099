"""How real reports write the labels of the national tables, for the replicas to render.

Written apart from the parser's ``statistics_template`` on purpose: a replica that renders the
parser's own vocabulary agrees with it by construction. These are the forms county pages use:
the official wording, and the ways it drifts in the wild — 行政规范性文件 for 规范性文件, ASCII
brackets and slashes, notes in brackets, a space or a line break inside a label, other numbering.
A label is picked per table by the table's ``variant``, so one report writes its labels one way.
Keys are the docs/schema.md §2 names (the contract); the words are the replica's own.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

# Section 二: one block per 第二十条 item; the caption, then (column key, header forms), then
# (row key, label forms).
ActiveBlock = tuple[str, tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, tuple[str, ...]], ...]]

ACTIVE = {
    "2019": (
        (
            "（一）",
            (
                ("made", ("本年新制作数量", "本年新 制作数量", "本年新\n制作数量")),
                ("published", ("本年新公开数量", "本年新\n公开数量")),
                ("total_published", ("对外公开总数量", "对外公开 总数量")),
            ),
            (("rules", ("规章",)), ("normative_docs", ("规范性文件", "行政规范性文件", "规范性 文件"))),
        ),
        (
            "（五）",
            (
                ("prev_items", ("上一年项目数量",)),
                ("delta", ("本年增/减", "本年增／减", "本年增/ 减")),
                ("decisions", ("处理决定数量",)),
            ),
            (("licensing", ("行政许可",)), ("other_services", ("其他对外管理服务事项", "其他对外管理\n服务事项"))),
        ),
        (
            "（六）",
            (
                ("prev_items", ("上一年项目数量",)),
                ("delta", ("本年增/减", "本年增／减")),
                ("decisions", ("处理决定数量",)),
            ),
            (("penalty", ("行政处罚",)), ("coercion", ("行政强制",))),
        ),
        (
            "（八）",
            (("prev_items", ("上一年项目数量",)), ("delta", ("本年增/减", "本年增／减"))),
            (("fees", ("行政事业性收费", "行政事业性 收费")),),
        ),
        (
            "（九）",
            (("projects", ("采购项目数量",)), ("amount", ("采购总金额",))),
            (("procurement", ("政府集中采购",)),),
        ),
    ),
    "2021": (
        (
            "（一）",
            (
                ("issued", ("本年制发件数", "本年制发\n件数")),
                ("repealed", ("本年废止件数",)),
                ("valid", ("现行有效件数", "现行有效 件数")),
            ),
            (("rules", ("规章",)), ("normative_docs", ("行政规范性文件", "规范性文件"))),
        ),
        ("（五）", (("decisions", ("本年处理决定数量",)),), (("licensing", ("行政许可",)),)),
        (
            "（六）",
            (("decisions", ("本年处理决定数量", "本年处理决定 数量")),),
            (("penalty", ("行政处罚",)), ("coercion", ("行政强制",))),
        ),
        (
            "（八）",
            (("amount", ("本年收费金额（单位：万元）", "本年收费金额(单位:万元)", "本年收费金额\n（单位：万元）")),),
            (("fees", ("行政事业性收费",)),),
        ),
    ),
}
CAPTION_FORMS = ("第二十条第{item}项", "第二十条第{ascii}项")
CONTENT_HEADER = ("信息内容",)

# Section 三. Applicant columns as the header writes them.
APPLICANT_HEADERS = {
    "natural_person": ("自然人",),
    "legal_persons": ("法人或其他组织",),
    "commercial": ("商业企业", "商业\n企业"),
    "research": ("科研机构", "科研\n机构"),
    "public_interest": ("社会公益组织",),
    "legal_services": ("法律服务机构",),
    "other_org": ("其他",),
    "total": ("总计",),
}
BALANCE_NOTE = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
)
APPLICANTS_HEADER = ("申请人情况",)
RESULTS_GROUP = ("三、本年度办理结果", "三、本年度办理结果 ")

# Rows in the order the form has them: (key, label forms, group key or None).
_REFUSED_ROWS = (
    ("refused_state_secret", ("1.属于国家秘密", "1．属于国家秘密")),
    ("refused_prohibited_by_law", ("2.其他法律行政法规禁止公开",)),
    ("refused_security_stability", ("3.危及“三安全一稳定”", '3.危及"三安全一稳定"')),
    ("refused_third_party", ("4.保护第三方合法权益",)),
    ("refused_internal_affairs", ("5.属于三类内部事务信息",)),
    ("refused_process_info", ("6.属于四类过程性信息",)),
    ("refused_enforcement_file", ("7.属于行政执法案卷",)),
    ("refused_query_matter", ("8.属于行政查询事项",)),
)
_UNAVAILABLE_ROWS = (
    ("unavailable_not_held", ("1.本机关不掌握相关政府信息",)),
    ("unavailable_needs_creation", ("2.没有现成信息需要另行制作",)),
    ("unavailable_unclear", ("3.补正后申请内容仍不明确",)),
)
_NOT_PROCESSED_ROWS = (
    ("not_processed_complaint", ("1.信访举报投诉类申请",)),
    ("not_processed_duplicate", ("2.重复申请",)),
    ("not_processed_publication", ("3.要求提供公开出版物",)),
    ("not_processed_mass_repeat", ("4.无正当理由大量反复申请",)),
    ("not_processed_confirmation", ("5.要求行政机关确认或重新出具已获取信息",)),
)
_OTHER_2021_ROWS = (
    (
        "other_no_correction",
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",),
    ),
    (
        "other_fee_unpaid",
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",),
    ),
    ("other_misc", ("3.其他",)),
)
GROUPS = {
    "refused": ("（三）不予公开", "(三)不予公开"),
    "unavailable": ("（四）无法提供", "(四)无法提供"),
    "not_processed": ("（五）不予处理", "(五)不予处理"),
    "other": ("（六）其他处理", "(六)其他处理"),
}


def application_layout(template: str) -> tuple[tuple[str, tuple[str, ...], str | None], ...]:
    """Section 三's rows for ``template`` as the replicas write them: ``(key, label forms, group)``."""
    rows: list[tuple[str, tuple[str, ...], str | None]] = [
        ("new", ("一、本年新收政府信息公开申请数量", "一、本年新收政府信息\n公开申请数量"), None),
        ("carried_in", ("二、上年结转政府信息公开申请数量", "二、上年结转政府信息公开申请 数量"), None),
        ("granted", ("（一）予以公开", "(一)予以公开"), "results"),
        (
            "partial",
            (
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
            ),
            "results",
        ),
    ]
    rows += [(key, forms, "refused") for key, forms in _REFUSED_ROWS]
    rows += [(key, forms, "unavailable") for key, forms in _UNAVAILABLE_ROWS]
    rows += [(key, forms, "not_processed") for key, forms in _NOT_PROCESSED_ROWS]
    if template == "2019":
        rows.append(("other", ("（六）其他处理", "(六)其他处理"), "results"))
    else:
        rows += [(key, forms, "other") for key, forms in _OTHER_2021_ROWS]
    rows += [
        ("total", ("（七）总计", "(七)总计"), "results"),
        ("carried_out", ("四、结转下年度继续办理", "四、结转下年度继续办理 "), None),
    ]
    return tuple(rows)


# Section 四.
REVIEW_HEADERS = {
    "review": ("行政复议",),
    "suits": ("行政诉讼",),
    "suit_direct": ("未经复议直接起诉",),
    "suit_after_review": ("复议后起诉",),
    "upheld": ("结果维持", "结果\n维持"),
    "corrected": ("结果纠正", "结果\n纠正"),
    "other": ("其他结果", "其他\n结果"),
    "pending": ("尚未审结", "尚未\n审结"),
    "total": ("总计",),
}


@dataclass(frozen=True)
class Wording:
    """Which form of each label one table uses."""

    variant: int = 0

    def __call__(self, key: str, forms: tuple[str, ...]) -> str:
        if self.variant == 0 or len(forms) == 1:
            return forms[0]
        return forms[(self.variant + zlib.crc32(key.encode())) % len(forms)]
