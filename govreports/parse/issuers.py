"""Who publishes a report: the organ, in the fullest form the page writes it.

A page names organs in many places, and not all of them are the report's author: the web host's
banner, a 来源 that is the portal's owner, the office a letter is addressed to, a contact office.
The candidates, in the order of trust when they agree:

- the sentence that says who compiled it (本报告由…编制, …编制了《…》);
- the organ of a cover letter around it (某办公室关于公布…的通知);
- the page's 发布机构 / 来源 / 发文机关 fields, and the signature at the end;
- a short organ line under the heading (a byline);
- the title's organ (玉环市2020年…), or the organ of the sentence that names the report;
- the body's subject (2023年，某街道办事处认真贯彻…);
- the contact line, when the report speaks of itself as 我局/本单位.

When the title names an organ, only candidates that are that organ (or its government's office)
are kept: a host banner or a portal-owner 来源 names another. Of those left, a full organ name beats
a bare place, a township written with its county beats one without, then the order above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govreports.parse.titles import title_organ
from govreports.places.organs import Organ, expand, fuller_form, parse_organ, relation

_STOP_WORDS = (
    r"(?:根据|按照|依据|依照|结合|汇总|综合|组织|负责|牵头|会同|统一|在|于|对|编制|编写|撰写|制作|起草|整理|汇编|特)"
)
_ASIDE = r"(?:\s*[(（][^()（）]{0,30}[)）])?"  # (以下简称…)
_COMPILER_RES = (
    re.compile(rf"由(?P<organ>[\u4e00-\u9fff]{{2,45}}?){_ASIDE}\s*{_STOP_WORDS}"),
    re.compile(r"(?:^|[，,。；;：:\s])(?P<organ>[\u4e00-\u9fff]{2,45}?)(?:编制了|特编制)"),
    re.compile(r"(?:^|[，,。；;：:\s])(?P<organ>[\u4e00-\u9fff]{2,45}?)(?:编制|编写|制作)(?:本|此)(?:年度)?报告"),
)
_COVER_RE = re.compile(r"^(?P<organ>[\u4e00-\u9fff]{3,40}?)关于(?:公布|印发|发布|报送|转发|上报|呈报)")
_FIELD_NAMES = ("issuer", "source", "department")  # 发布机构, 来源, 责任部门
_VERBS = (
    r"(?:坚持|认真|高度重视|紧扣|紧紧围绕|紧密围绕|严格|深入|积极|全面|进一步|按照|根据|围绕|在|通过|持续|不断|以|依法|"
    r"切实|扎实|继续|共|狠抓|始终|着力|聚焦|立足|结合|主动|牢固|全力|把|将|对|为)"
)
# The subject of a sentence that opens with the year: 2023年，(在…领导下，)某街道办事处认真贯彻….
_SUBJECT_RE = re.compile(
    r"(?:^|[。\n])\s*(?:19|20)\d{2}\s*年度?(?:以来)?\s*[,，]?\s*(?:在[^。，,]{1,40}?(?:下|中)\s*[,，]\s*){0,3}"
    rf"(?P<organ>[\u4e00-\u9fff]{{3,40}}?){_VERBS}"
)
_REPORT_SENTENCE_RE = re.compile(r"现将(?P<organ>[\u4e00-\u9fff]{2,40}?)(?:19|20)\d{2}\s*年")
_CONTACT_RE = re.compile(
    r"(?:请(?:与|联系)\s*[:：]?|联系(?:单位|部门)\s*[:：])\s*(?P<organ>[\u4e00-\u9fff（）()]{3,45}?)(?=联系|[(（,，。;；:：]|$)"
)
# Units inside an organ that a contact line names: 党政办公室, 综合处, 信息中心 …
_INNER_UNIT_RE = re.compile(
    r"(?:党政办公室|党政综合办公室|综合办公室|办公室|综合处|综合科|政务公开科|信息中心|政务公开办公室|政务公开办)$"
)
# How a report names itself, and the organ kinds that fit: 我局 is a 局.
_SELF_RE = re.compile(r"我(局|委|办|厅|署|中心|单位)")
_PRONOUN_RE = re.compile(r"^(?:我|本|全|各|该|其)")
_SIGNATURE_LINES = 4

# Trust order of the sources when candidates agree.
PRIORITY = {
    "signature": 9,  # the lines that sign the report, or stand under its heading, name its author
    "byline": 8,
    "compiler": 7,
    "cover": 6,
    "field": 5,
    "title": 2,
    "report_sentence": 2,
    "subject": 1,
    "contact": 0,
}


@dataclass
class Candidate:
    organ: Organ
    source: str

    def rank(self) -> tuple[bool, bool, bool, int]:
        organ = self.organ
        return (bool(organ.places), organ.kind != "place", organ.township_with_county, PRIORITY[self.source])


def choose_issuer(
    title: str | None,
    fields: dict[str, str],
    head: list[str],
    lines: list[str],
    title_index: int | None = None,
    signature: str | None = None,
) -> tuple[Organ | None, str | None]:
    """The report's issuer and the source it was read from (``compiler``, ``field``, ``title`` …)."""
    text = "\n".join(head + lines[:60])
    subject = title_organ(title)
    candidates = _candidates(fields, head, lines, text, title_index, signature)
    if subject is not None:
        candidates.append(Candidate(subject, "title"))
        candidates = [c for c in candidates if relation(c.organ, subject)]
    # A short form (市政府办公厅) counts in the full form the page writes; one it never writes
    # in full names no organ we can place.
    candidates = [Candidate(expand(c.organ, text, near=subject), c.source) for c in candidates]
    candidates = [c for c in candidates if c.organ.places or not c.organ.prefix]
    if not candidates:
        return None, None
    best = max(candidates, key=Candidate.rank)
    return fuller_form(best.organ, text), best.source


def _candidates(
    fields: dict[str, str],
    head: list[str],
    lines: list[str],
    text: str,
    title_index: int | None,
    signature: str | None,
) -> list[Candidate]:
    found: list[Candidate] = []

    def add(name: str | None, source: str) -> None:
        organ = _organ_in(name)
        if organ is not None:
            found.append(Candidate(organ, source))

    opening = "\n".join(lines[:12])[:2500]
    for pattern in _COMPILER_RES:
        for match in pattern.finditer(opening):
            add(match.group("organ"), "compiler")
    for line in (head + lines)[:6]:
        cover = _COVER_RE.match(line)
        if cover:
            add(cover.group("organ"), "cover")
    for name in _FIELD_NAMES:
        add(fields.get(name), "field")
    add(signature, "signature")
    if title_index is not None:
        for line in (head + lines)[title_index + 1 : title_index + 3]:
            add(_bare_line(line), "byline")
    for match in _REPORT_SENTENCE_RE.finditer(opening):
        add(match.group("organ"), "report_sentence")
    for match in _SUBJECT_RE.finditer(text[:4000]):
        organ = parse_organ(match.group("organ"))
        if organ is not None and organ.kind != "place" and _names_organ(organ):
            found.append(Candidate(organ, "subject"))
    selves = {m.group(1) for m in _SELF_RE.finditer(text)}
    if selves:
        for match in _CONTACT_RE.finditer(text[:4000]):
            organ = _contact_organ(match.group("organ"), selves)
            if organ is not None:
                found.append(Candidate(organ, "contact"))
    return found


def _organ_in(name: str | None) -> Organ | None:
    """The organ ``name`` writes, or the longest organ it starts with (由某局根据… has no stop word
    the pattern knows); pronouns (我办, 本单位) name none."""
    name = (name or "").strip()
    if not name or _PRONOUN_RE.match(name):
        return None
    organ = parse_organ(name)
    if organ is not None:
        return organ if _names_organ(organ) else None
    for end in range(len(name) - 1, 1, -1):
        organ = parse_organ(name[:end])
        if organ is not None and organ.kind != "place" and _names_organ(organ):
            return organ
    return None


_PLACELESS_ORGAN_RE = re.compile(r"^[\u4e00-\u9fff]{4,40}(?:局|委员会|管委会|办公室|办公厅|厅|署|中心|委|办)$")


def _names_organ(organ: Organ) -> bool:
    """Whether a parsed name is an organ's name, not a phrase that ends like one (报告中所, 政府):
    one without a place must be a whole organ's name (国家机关事务管理局)."""
    if organ.places or organ.prefix:
        return True
    return bool(_PLACELESS_ORGAN_RE.match(organ.text)) and not re.search(r"报告|本|我|该|其|各|全", organ.text)


def _bare_line(line: str) -> str | None:
    """A line that is only an organ's name, else None. A junk prefix (a spam string ending in a
    colon) is cut off; a line with a field label is a strip, not a byline."""
    line = line.strip(" |")
    if line.endswith((":", "：")):
        return None  # an addressee (某市人民政府办公室:)
    prefix, _, name = line.rpartition(":") if ":" in line else line.rpartition("：")
    if prefix and re.fullmatch(r"[\u4e00-\u9fff\s]*", prefix):
        return None  # 来源:某镇 is a field
    name = name.strip()
    return name if 2 <= len(name) <= 30 and re.fullmatch(r"[\u4e00-\u9fff]+", name) else None


def _contact_organ(name: str, selves: set[str]) -> Organ | None:
    """The organ a contact line names, without the unit inside it that answers the phone, when it
    is the kind of organ the report calls itself (我局 and 某县统计局党政办公室)."""
    organ = _organ_in(_INNER_UNIT_RE.sub("", name)) or _organ_in(name)
    if organ is None or organ.kind != "department":
        return None
    fits = {"单位", "机关", "部门"} & selves or any(organ.rest.endswith(kind) for kind in selves)
    return organ if fits else None
