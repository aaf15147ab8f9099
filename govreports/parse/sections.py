"""Split report text into its numbered top-level sections (一、总体情况 …)."""

from __future__ import annotations

import re

from govreports.parse.dates import han_number

_HEADING_RE = re.compile(
    r"(?:^|(?<=[。！？；;!?\s]))\s*([一二三四五六七八九十]{1,3})、\s*"
    r"([^\s。；;:：,，|]{2,40}?)(?=$|[\s。；;:：|]|(?<=情况)|(?<=概述))",
    re.MULTILINE,
)
_MAX_GAP = 3
# Row labels of the section 三 table (一、本年新收… 四、结转下年度继续办理) look like headings.
_TABLE_ROW_LABELS = ("本年新收", "上年结转", "本年度办理结果", "结转下年度")


def split_sections(text: str) -> list[dict]:
    """Sections in order: ``[{"number": 1, "heading": "总体情况", "text": "…"}]``.

    Headings may stand on their own line or inline after a sentence (mirrored pages flatten
    paragraphs). Numbers must increase, so a stray 二、 inside a paragraph is not a heading.
    """
    found = []
    last = 0
    for m in _HEADING_RE.finditer(text):
        number = han_number(m.group(1))
        if number is None or not last < number <= last + _MAX_GAP:
            continue
        heading = m.group(2)
        if heading.startswith(("是", "要", "类")) or heading.startswith(_TABLE_ROW_LABELS):
            continue
        found.append((m.start(1), m.end(), number, heading))
        last = number
    sections = []
    for i, (_, body_start, number, heading) in enumerate(found):
        body_end = found[i + 1][0] if i + 1 < len(found) else len(text)
        sections.append({"number": number, "heading": heading, "text": text[body_start:body_end].strip()})
    return sections
