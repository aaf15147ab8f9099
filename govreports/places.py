"""Where a report is from: its issuer's division, resolved in the gazetteer for the report's year.

The issuer line names the place (海盐县沈荡镇人民政府 → 海盐县, 沈荡镇); the site says which division
the portal belongs to. A name is resolved only when the year's table, narrowed by what the issuer
and the site say, leaves exactly one division; otherwise the record keeps the name and says why
(``region_ambiguous:<candidate codes>``, ``region_unknown``). Never a guess. Development zones
and 新区 that are not divisions (苏州工业园区, 河北雄安新区) get ``region_not_division:<name>`` and
no code; the 新区 that are divisions (上海市浦东新区) resolve like any district.
"""

from __future__ import annotations

import re

from govreports.gazetteer import LEVELS, Division, gazetteer
from govreports.metadata import Place, SiteContext, division_tokens, resolve_place

TOWNSHIP_SUFFIXES = ("镇", "乡", "街道", "苏木")
PLACE_WARNINGS = ("region_", "issuer_missing")  # the warnings ``locate`` gives
MAX_CANDIDATES = 8  # codes named in a region_ambiguous warning
# An organ of a zone: 杭州经济技术开发区管理委员会, 重庆两江新区财政局.
_ZONE_RE = re.compile(
    r"^(?P<zone>[\u4e00-\u9fff]{2,20}?(?:开发区|新区|园区|试验区|示范区|保税区|高新区|经开区|合作区))"
)


def locate(issuer: str | None, site: SiteContext, year: int | None) -> tuple[Place, list[str]]:
    """The issuer's place (region, level, code, path) and any warning about resolving it."""
    if not (issuer or "").strip():
        return Place(), ["issuer_missing"]
    zone = _not_a_division(issuer, year)
    if zone:
        return Place(), [f"region_not_division:{zone}"]
    place = resolve_place(issuer, site)
    if place.region is None:
        return place, ["region_unknown"]  # names no division (某某公司) and the site gives none
    if place.division_code:  # the site's own division
        return place, []
    tokens, _ = division_tokens(issuer)
    places = gazetteer()
    within = None  # the narrowest division the issuer or the site has fixed
    for name in tokens[:-1]:  # 海盐县 in 海盐县沈荡镇人民政府
        found = places.find(name, year, within)
        if len(found) == 1:
            within = found[0].code
    township = place.region.endswith(TOWNSHIP_SUFFIXES)
    if within is None and township and site.division_code:
        within = site.division_code  # a township on its county's portal
    candidates = places.find(place.region, year, within)
    if len(candidates) > 1 and within is None and site.region_path:
        province = places.find(site.region_path[0], year)
        if len(province) == 1:
            candidates = places.find(place.region, year, province[0].code)
    peers = _peers(places.find(place.region, year), within, year) if not candidates and within else []
    if peers:  # names that do not nest (玉环市温岭市…): two places, so neither
        codes = ",".join(sorted({within, *(d.code for d in peers)})[:MAX_CANDIDATES])
        return place, [f"region_ambiguous:{codes}"]
    if not candidates:
        return place, ["region_unknown"]
    if len(candidates) > 1 or (township and within is None):
        codes = ",".join(sorted(d.code for d in candidates)[:MAX_CANDIDATES])
        return place, [f"region_ambiguous:{codes}"]
    return _resolved(place, candidates[0], year), []


def _peers(found: list[Division], within: str, year: int | None) -> list[Division]:
    """Divisions of ``found`` at the level of ``within`` or above, which ``within`` cannot contain."""
    outer = gazetteer().get(within, year)
    rank = LEVELS.index(outer.level) if outer else len(LEVELS)
    return [d for d in found if LEVELS.index(d.level) <= rank]


def _not_a_division(issuer: str, year: int | None) -> str | None:
    """The zone an issuer belongs to, when that zone is no division in ``year``."""
    m = _ZONE_RE.match(issuer)
    if not m:
        return None
    zone = m.group("zone")
    tokens, _ = division_tokens(zone)
    own_name = tokens[-1] if tokens and zone.endswith(tokens[-1]) else zone  # 上海市浦东新区 → 浦东新区
    return None if gazetteer().find(own_name, year) else zone


def _resolved(place: Place, division: Division, year: int | None) -> Place:
    level = place.level if place.level == "department" else division.level
    # The division's own name: 红河哈尼族彝族自治州 where the issuer wrote 红河州.
    return Place(division.name, level, division.code, gazetteer().path(division, year))
