"""Where a report is from: its issuer's division, resolved in the gazetteer for the report's year.

The issuer names the place (海盐县沈荡镇人民政府 → 海盐县, 沈荡镇); the site says which division the
portal belongs to. A name is resolved only when the year's table, narrowed by what the issuer and
the site say, leaves exactly one division; otherwise the record keeps the name and says why
(``region_ambiguous:<candidate codes>``, ``region_unknown``). Never a guess. Development zones and
新区 that are not divisions (苏州工业园区, 河北雄安新区) get ``region_not_division:<name>`` and no code;
their committees and bureaus are departments. The 新区 that are divisions (上海市浦东新区) resolve
like any district.

The level is what the report covers: a government's report has its division's level; a
department's (an office or bureau reporting on its own work) is ``department``. An office of a
government (办公室, 办公厅, a 领导小组办公室) that compiles the whole area's report has the area's
level: the report's own words say which (我县…, 全市… against 市政府办公室认真…). With no issuer, the
place the report speaks of is the region.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from govreports.places.gazetteer import LEVELS, Division, gazetteer
from govreports.places.organs import Organ, parse_organ, place_at, places_before

TOWNSHIP_SUFFIXES = ("镇", "乡", "街道", "苏木")
PLACE_WARNINGS = ("region_", "issuer_missing")  # the warnings ``locate`` gives
MAX_CANDIDATES = 8  # codes named in a region_ambiguous warning
# An organ of a zone: 杭州经济技术开发区管理委员会, 重庆两江新区财政局.
_ZONE_RE = re.compile(
    r"^(?P<zone>[\u4e00-\u9fff]{2,20}?(?:开发区|新区|园区|试验区|示范区|保税区|高新区|经开区|合作区))"
)
# Levels by the end of a name, longest ending first, for names the gazetteer does not know.
_LEVEL_BY_SUFFIX = (
    ("特别行政区", "province"),
    ("自治区", "province"),
    ("自治州", "prefecture"),
    ("自治县", "county"),
    ("自治旗", "county"),
    ("街道", "township"),
    ("苏木", "township"),
    ("地区", "prefecture"),
    ("林区", "county"),
    ("特区", "county"),
    ("省", "province"),
    ("州", "prefecture"),
    ("盟", "prefecture"),
    ("县", "county"),
    ("旗", "county"),
    ("区", "county"),
    ("镇", "township"),
    ("乡", "township"),
)
# How a report speaks of the area it covers and of an office: 我县/我办 say whose work it is
# (counted twice), 全市/各乡镇 only how far it reaches.
_AREA_SELF_RE = re.compile(r"我(省|市|县|区|旗|州|盟|镇|乡|街道|苏木)(?!委|政府|直|属|级)")
_AREA_SCOPE_RE = re.compile(
    r"(?:全|本)(?:省|市|县|区|旗|州|盟|镇|乡|街道|苏木)(?!委|政府|直|属|级)|各级各部门|各(?:县|区|乡镇|街道)"
)
_OFFICE_SELF_RE = re.compile(r"我办|我厅|本办")
_OFFICE_SUBJECT_RE = re.compile(
    r"(?:政府|行署)?办公(?:室|厅)(?:认真|坚持|紧扣|紧紧围绕|按照|严格|深入|积极|通过|共|进一步|高度重视|始终|全面|持续|在)"
)
_QUOTED_RE = re.compile(r"《[^》]{0,80}》")


@dataclass
class SiteContext:
    """The division a portal (or a spider) belongs to; used only to resolve what the text names."""

    region: str | None = None
    level: str | None = None
    division_code: str | None = None
    region_path: list[str] = field(default_factory=list)

    @classmethod
    def from_hints(cls, hints: dict) -> SiteContext:
        return cls(
            region=hints.get("site_region"),
            level=hints.get("site_level"),
            division_code=hints.get("site_division_code"),
            region_path=list(hints.get("site_region_path") or []),
        )


@dataclass
class Place:
    region: str | None = None
    level: str = "unknown"
    division_code: str | None = None
    region_path: list[str] | None = None


def locate(issuer: str | None, site: SiteContext, year: int | None, text: str = "") -> tuple[Place, list[str]]:
    """The report's place (region, level, code, path) and any warning about resolving it.

    ``text`` is the report's cleaned text: it says whether an office's report covers the area,
    and which place a report without an issuer is about."""
    if not (issuer or "").strip():
        name = subject_place(text, year) if text else None
        if name is None:
            return Place(), ["issuer_missing"]
        place, warnings = _resolve(name, [], site, year, None)
        return place, ["issuer_missing", *warnings]
    zone = _not_a_division(issuer, year)
    if zone:
        # A zone's committee or bureau is an agency, not a government: a department of the
        # government the text names, if it names one.
        organ = parse_organ(issuer[len(zone) :])
        if organ is None or organ.kind in ("place", "government"):
            return Place(), [f"region_not_division:{zone}"]
        name = governing_place(text) if text else None
        place = _resolve(name, [], site, year, "department")[0] if name else Place(level="department")
        return place, [f"region_not_division:{zone}"]
    organ = parse_organ(issuer)
    if organ is None:
        return Place(), ["region_unknown"]
    department = organ.kind == "department" or (organ.kind == "office" and not _covers_area(organ, text))
    if organ.places:
        return _resolve(organ.region, list(organ.places[:-1]), site, year, "department" if department else None)
    if organ.prefix and site.region:
        # 市教育局 on the city's own portal: an organ of the site's government.
        level = "department" if department else site.level or "unknown"
        return Place(site.region, level, site.division_code, site.region_path or None), []
    if department and text:
        name = governing_place(text)
        if name:
            return _resolve(name, [], site, year, "department")
    return Place(level="department" if department else "unknown"), ["region_unknown"]


def _covers_area(organ: Organ, text: str) -> bool:
    """Whether an office's report is the whole area's: it speaks of the area (我县, 全市, 各级各部门)
    at least as much as of the office (我办, 市政府办公室认真…). Without text, an office reports on
    itself."""
    if not text:
        return False
    prose = _QUOTED_RE.sub("", text[:6000])
    area = 2 * len(_AREA_SELF_RE.findall(prose)) + len(_AREA_SCOPE_RE.findall(prose))
    if organ.region:
        area += 2 * len(
            re.findall(re.escape(organ.region) + r"(?:坚持|认真|深入|积极|全面|高度重视|按照|严格|共)", prose)
        )
    office = 2 * (len(_OFFICE_SELF_RE.findall(prose)) + len(_OFFICE_SUBJECT_RE.findall(prose)))
    return office <= area


def _resolve(
    name: str, outer: list[str], site: SiteContext, year: int | None, department: str | None
) -> tuple[Place, list[str]]:
    """``name`` in the year's table, narrowed by the ``outer`` places written before it, the site's
    division and its province; ``department`` keeps that level for an organ's place."""
    if site.region and name == site.region and site.division_code:
        level = department or site.level or "unknown"
        return Place(name, level, site.division_code, site.region_path or None), []
    places = gazetteer()
    within = None  # the narrowest division the issuer or the site has fixed
    for outer_name in outer:  # 海盐县 in 海盐县沈荡镇人民政府
        found = places.find(outer_name, year, within)
        if len(found) == 1:
            within = found[0].code
    township = name.endswith(TOWNSHIP_SUFFIXES)
    if within is None and township and site.division_code:
        within = site.division_code  # a township on its county's portal
    candidates = places.find(name, year, within)
    if len(candidates) > 1 and within is None and site.region_path:
        province = places.find(site.region_path[0], year)
        if len(province) == 1:
            candidates = places.find(name, year, province[0].code)
    level = department or _level_of(name, candidates or places.find(name, year))
    place = Place(name, level)
    peers = _peers(places.find(name, year), within, year) if not candidates and within else []
    if peers:  # names that do not nest (玉环市温岭市…): two places, so neither, at no level
        codes = ",".join(sorted({within, *(d.code for d in peers)})[:MAX_CANDIDATES])
        return Place(name, department or _level_of(name, [])), [f"region_ambiguous:{codes}"]
    if not candidates:
        return place, ["region_unknown"]
    if len(candidates) > 1 or (township and within is None):
        codes = ",".join(sorted(d.code for d in candidates)[:MAX_CANDIDATES])
        return place, [f"region_ambiguous:{codes}"]
    division = candidates[0]
    # The division's own name: 红河哈尼族彝族自治州 where the issuer wrote 红河州.
    return Place(division.name, department or division.level, division.code, places.path(division, year)), []


def _level_of(name: str, candidates: list[Division]) -> str:
    """The level all ``candidates`` share; else what the name's ending says (a 市 can be either a
    prefecture or a county: only the table knows)."""
    levels = {d.level for d in candidates}
    if len(levels) == 1:
        return levels.pop()
    return next((level for suffix, level in _LEVEL_BY_SUFFIX if name.endswith(suffix)), "unknown")


def _peers(found: list[Division], within: str, year: int | None) -> list[Division]:
    """Divisions of ``found`` at the level of ``within`` or above, which ``within`` cannot contain."""
    outer = gazetteer().get(within, year)
    rank = LEVELS.index(outer.level) if outer else len(LEVELS)
    return [d for d in found if LEVELS.index(d.level) <= rank]


def _not_a_division(issuer: str, year: int | None) -> str | None:
    """The zone an issuer belongs to, when that zone is no division in ``year`` and no division is
    named after it (西咸新区底张街道办事处 is the 街道's)."""
    m = _ZONE_RE.match(issuer)
    if not m:
        return None
    zone = m.group("zone")
    if place_at(issuer, m.end()):
        return None
    organ = parse_organ(zone)
    own_name = organ.region if organ and organ.region and zone.endswith(organ.region) else zone
    return None if gazetteer().find(own_name, year) else zone


def subject_place(text: str, year: int | None = None) -> str | None:
    """The division a report without an issuer speaks of: the one it names most, preferring those
    of the level it calls itself by (我县, 全市); citations in 《》 do not count."""
    prose = _QUOTED_RE.sub("", text[:5000])
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    position = 0
    while position < len(prose):
        name = place_at(prose, position) if "\u4e00" <= prose[position] <= "\u9fff" else None
        if name is None:
            position += 1
            continue
        counts[name] += 1
        first.setdefault(name, position)
        position += len(name)
    if not counts:
        return None
    selves = Counter(_AREA_SELF_RE.findall(prose) + re.findall(r"(?:全|本)(省|市|县|区|旗|州|盟|镇|乡|街道)", prose))
    preferred = selves.most_common(1)[0][0] if selves else None
    return max(counts, key=lambda n: (bool(preferred) and n.endswith(preferred), counts[n], -first[n]))


def governing_place(text: str) -> str | None:
    """The lowest division whose government the text names: the place of an organ whose own name
    has none (a 管委会 of 渝中区 that cites 重庆市渝中区人民政府)."""
    best: tuple[int, str] | None = None
    for match in re.finditer(r"人民政府", text[:6000]):
        places = places_before(text, match.start())
        if not places:
            continue
        name = places[-1]
        found = gazetteer().find(name)
        if not found:
            continue
        rank = max(LEVELS.index(d.level) for d in found)
        if best is None or rank > best[0]:
            best = (rank, name)
    return best[1] if best else None
