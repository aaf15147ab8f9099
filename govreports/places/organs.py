"""Organ names as reports write them: the places they name and what kind of organ they are.

``海盐县沈荡镇人民政府`` names the places 海盐县 and 沈荡镇 and is a government; ``彰武县政府办公室`` is
the office of a government; ``白银区统计局`` a department; ``永靖县`` a bare place, which stands for its
government. Places are recognised by the gazetteer's names (any year, with the short forms reports
use), never by a suffix alone, so ``北部湾经济区`` or ``城市管理局`` name no place. A name may also
stand short, with a bare level character for its place (``市政府办公厅``, ``区统计局``): ``expand``
finds the full form the page writes elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from govreports.places.gazetteer import gazetteer

# What follows the places of a government, in the forms reports write.
GOVERNMENT_RESTS = frozenset({"人民政府", "政府", "行政公署", "行署", "办事处", "街道办事处", "人民政府办事处"})
# An office that works for its government (办公室, 党政办公室, 政务公开办公室, 信息公开工作领导小组办公室 …).
_OFFICE_RE = re.compile(
    r"^(?:人民政府|政府|行政公署|行署|办事处|街道办事处)?"
    r"(?:[\u4e00-\u9fff]{0,14}?(?:领导小组|公开|党政|综合))?(?:办公室|办公厅|办)$"
)
_ORGAN_SUFFIX_RE = re.compile(
    r"(?:人民政府|政府|行政公署|行署|办公室|办公厅|办事处|委员会|管委会|局|厅|署|院|所|中心|馆|站|队|委|办|部|会|处|科)$"
)
# A level character standing for the organ's own place: 市政府办公厅, 区统计局, 自治区北部湾办.
_LEVEL_PREFIX_RE = re.compile(r"^(?:自治区|自治州|自治县|省|市|县|区|旗|州|盟|镇|乡|街道|苏木)")
# Development zones and 新区 that may stand before a township (西咸新区底张街道办事处).
_ZONE_RE = re.compile(r"^[\u4e00-\u9fff]{2,10}?(?:新区|开发区|高新区|园区|经开区|试验区|示范区|合作区)")
# A name that ends like a place, before an organ's name or nothing.
_UNKNOWN_PLACE_RE = re.compile(
    r"^((?!全|本|我|各|该)[\u4e00-\u9fff]{1,10}?(?:省|市|县|区|旗|州|盟|镇|乡|街道|苏木))(.*)$"
)
# Zones that end like a district and are none (某某商务区, 某某经济开发区).
_ZONE_END_RE = re.compile(r"(?:商务|开发|经济|工业|高新|保税|合作|示范|试验|度假|风景|旅游|产业|物流|功能|新)区$")
_NOT_PLACES = frozenset(
    {
        "自治区",
        "自治州",
        "自治县",
        "自治旗",
        "城市",
        "都市",
        "超市",
        "社区",
        "城区",
        "市区",
        "园区",
        "景区",
        "辖区",
        "片区",
        "新区",
        "山区",
        "农村",
    }
)
_HAN_RE = re.compile(r"^[\u4e00-\u9fff（）()·]+$")
_MAX_NAME = 16


@dataclass(frozen=True)
class Organ:
    text: str  # as written
    places: tuple[str, ...]  # the division names it starts with, outermost first
    rest: str  # what follows them: 人民政府, 政府办公室, 统计局, "" for a bare place
    prefix: str = ""  # a bare level character in place of a name (市 in 市政府办公厅)

    @property
    def kind(self) -> str:
        """``place`` (a bare name), ``government``, ``office`` (a government's office) or ``department``."""
        if not self.rest:
            return "place"
        if self.rest in GOVERNMENT_RESTS:
            return "government"
        if _OFFICE_RE.match(self.rest):
            return "office"
        return "department"

    @property
    def region(self) -> str | None:
        return self.places[-1] if self.places else None

    @property
    def township_with_county(self) -> bool:
        """A township written with its county (泾县黄村镇): the fuller of two ways to name it."""
        if len(self.places) < 2:
            return False
        return self.places[-1].endswith(("镇", "乡", "街道", "苏木")) and not self.places[-2].endswith(
            ("镇", "乡", "街道", "苏木")
        )


@cache
def division_names() -> frozenset[str]:
    """Every name a division goes by in any year, with the short forms reports use."""
    places = gazetteer()
    return frozenset(places.by_name) | frozenset(places.by_alias)


def place_at(text: str, start: int = 0) -> str | None:
    """The longest division name that begins at ``start``."""
    names = division_names()
    for end in range(min(len(text), start + _MAX_NAME), start + 1, -1):
        if text[start:end] in names:
            return text[start:end]
    return None


def places_before(text: str, end: int) -> list[str]:
    """The division names written right before ``end``, outermost first (遂溪县北坡镇 before 人民政府)."""
    names = division_names()
    found: list[str] = []
    while end > 0:
        name = next(
            (text[start:end] for start in range(max(0, end - _MAX_NAME), end - 1) if text[start:end] in names), None
        )
        if name is None:
            break
        found.append(name)
        end -= len(name)
    return found[::-1]


def parse_organ(text: str | None) -> Organ | None:
    """The places and rest of an organ's name, or None when ``text`` names no organ or place."""
    text = (text or "").strip()
    if not (2 <= len(text) <= 60) or not _HAN_RE.match(text):
        return None
    places: list[str] = []
    position = 0
    while position < len(text):
        name = place_at(text, position)
        if name is None and text.startswith("人民政府", position) and places:
            name_after = place_at(text, position + 4)  # 上海市松江区人民政府永丰街道办事处
            if name_after and name_after.endswith(("街道", "镇", "乡", "苏木")):
                position += 4
                continue
        if name is None and not places:
            zone = _ZONE_RE.match(text[position:])
            if zone and place_at(text, position + zone.end()):
                position += zone.end()
                continue
        if name is None:
            break
        places.append(name)
        position += len(name)
    rest = text[position:]
    prefix = ""
    if not places:
        unknown = _UNKNOWN_PLACE_RE.match(text)
        if (
            unknown
            and unknown.group(1) not in _NOT_PLACES
            and not _ZONE_END_RE.search(unknown.group(1))
            and _ORGAN_SUFFIX_RE.search(unknown.group(2) or "政府")
        ):
            # A place the gazetteer does not know (子虚县人民政府, 某县财政局): named, never resolved.
            return Organ(text, (unknown.group(1),), unknown.group(2))
        level = _LEVEL_PREFIX_RE.match(rest)
        if not level or not _ORGAN_SUFFIX_RE.search(rest[level.end() :] or "x"):
            return None if not _ORGAN_SUFFIX_RE.search(text) else Organ(text, (), text)
        prefix, rest = level.group(0), rest[level.end() :]
    elif rest and not _ORGAN_SUFFIX_RE.search(rest):
        return None
    return Organ(text, tuple(places), rest, prefix)


def _same_rest(a: str, b: str) -> bool:
    """Two ways of writing what follows the places: 政府办公室 / 人民政府办公室, 住建委 / 住房和城乡建设委员会."""
    a, b = a.replace("人民政府", "政府"), b.replace("人民政府", "政府")
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if not short or short[-1] not in long[-4:] and not (short.endswith("办") and long.endswith("办公室")):
        return False
    chars = iter(long)
    return all(char in chars for char in short)  # an abbreviation keeps its characters in order


def same_place(a: str, b: str) -> bool:
    """Two names of one division: equal, or the short and full forms of an autonomous division."""
    if a == b:
        return True
    places = gazetteer()
    codes_a = {d.code for d in places.find(a)}
    return bool(codes_a & {d.code for d in places.find(b)})


def relation(candidate: Organ, subject: Organ) -> str | None:
    """How ``candidate`` stands to the report's own organ ``subject``: ``same``, ``office`` (the
    candidate is the office of the subject's government), or None (another organ)."""
    if candidate.places and subject.places:
        if not same_place(candidate.region, subject.region):
            return None
    elif candidate.prefix or subject.prefix:
        named = candidate if candidate.places else subject
        short = subject if named is candidate else candidate
        if named.places and not named.region.endswith(short.prefix[-1]):
            return None
    elif candidate.places or subject.places:
        return None
    governing = {"place", "government"}
    if candidate.kind in governing and subject.kind in governing:
        return "same"
    if candidate.kind == "office" and subject.kind in governing:
        return "office"
    if candidate.kind == subject.kind and _same_rest(candidate.rest, subject.rest):
        return "same"
    return None


_GOVERNMENT_SUFFIX_RE = re.compile(r"人民政府|行政公署|街道办事处|办事处")


def fuller_form(organ: Organ, text: str) -> Organ:
    """The fullest way ``text`` writes ``organ``: a bare place as its government (彩云镇 →
    彩云镇人民政府, 耿马自治县 → 耿马傣族佤族自治县人民政府), 政府 as 人民政府, with the places written
    before it (北坡镇 → 遂溪县北坡镇人民政府). ``organ`` itself when the page writes nothing fuller."""
    if not organ.places or organ.kind not in ("place", "government", "office"):
        return organ
    best = organ
    for match in _GOVERNMENT_SUFFIX_RE.finditer(text):
        places = places_before(text, match.start())
        if not places or not same_place(places[-1], organ.region):
            continue
        suffix = match.group(0)
        if organ.kind == "office":
            wanted = organ.rest.replace("人民政府", "政府").replace("政府", "人民政府", 1)
            if not text.startswith(wanted, match.start()):
                continue
            suffix = wanted
        elif organ.kind == "government" and suffix != organ.rest and organ.rest not in ("政府", "行署"):
            continue
        written = "".join(places) + suffix
        candidate = Organ(written, tuple(places), suffix)
        if _fuller(candidate, best, organ):
            best = candidate
    return best


def _fuller(candidate: Organ, best: Organ, organ: Organ) -> bool:
    if best is organ:
        # Only more than the organ as given: the government for a bare place, 人民政府 for 政府,
        # or the county before a township.
        return (
            (organ.kind == "place")
            or (organ.rest != candidate.rest)
            or (candidate.township_with_county and not organ.township_with_county)
        )
    return candidate.township_with_county and not best.township_with_county


def expand(organ: Organ, text: str, near: Organ | None = None) -> Organ:
    """A short organ (市政府办公厅, 区统计局, 旗政府政务公开工作领导小组办公室) in the full form the page
    writes (贵阳市人民政府办公厅, 白银区统计局), preferring a place that ``near`` names."""
    if organ.places or not organ.prefix:
        return organ
    rest = organ.rest
    core = rest.removeprefix("人民政府").removeprefix("政府") if organ.kind == "office" else rest
    found: list[Organ] = []
    for match in re.finditer(re.escape(core), text):
        places = places_before(text, match.start())
        between = ""
        if not places:
            for joiner in ("人民政府", "政府"):
                if text[: match.start()].endswith(joiner):
                    places = places_before(text, match.start() - len(joiner))
                    between = joiner
                    break
        if not places or not places[-1].endswith(organ.prefix[-1]):
            continue
        full = Organ("".join(places) + between + core, tuple(places), between + core)
        if relation(full, organ) is None and not (organ.kind == "office" and full.kind == "office"):
            continue
        found.append(full)
    if near is not None and near.places:
        matching = [f for f in found if same_place(f.region, near.region)]
        found = matching or found
    return max(found, key=lambda f: len(f.rest), default=organ)
