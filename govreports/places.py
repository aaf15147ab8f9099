"""Where a report is from: its issuer's division, resolved in the gazetteer for the report's year.

The issuer line names the place (海盐县沈荡镇人民政府 → 海盐县, 沈荡镇); the site says which division
the portal belongs to. A name is resolved only when the year's table, narrowed by what the issuer
and the site say, leaves exactly one division; otherwise the record keeps the name and says why
(``region_ambiguous:<candidate codes>``, ``region_unknown``). Never a guess.
"""

from __future__ import annotations

from govreports.gazetteer import Division, gazetteer
from govreports.metadata import Place, SiteContext, division_tokens, resolve_place

TOWNSHIP_SUFFIXES = ("镇", "乡", "街道", "苏木")
MAX_CANDIDATES = 8  # codes named in a region_ambiguous warning


def locate(issuer: str | None, site: SiteContext, year: int | None) -> tuple[Place, list[str]]:
    """The issuer's place (region, level, code, path) and any warning about resolving it."""
    place = resolve_place(issuer, site)
    if place.region is None or place.division_code:  # nothing named, or the site's own division
        return place, []
    tokens, _ = division_tokens(issuer or "")
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
    if not candidates:
        return place, ["region_unknown"]
    if len(candidates) > 1 or (township and within is None):
        codes = ",".join(sorted(d.code for d in candidates)[:MAX_CANDIDATES])
        return place, [f"region_ambiguous:{codes}"]
    return _resolved(place, candidates[0], year), []


def _resolved(place: Place, division: Division, year: int | None) -> Place:
    level = place.level if place.level == "department" else division.level
    # The division's own name: 红河哈尼族彝族自治州 where the issuer wrote 红河州.
    return Place(division.name, level, division.code, gazetteer().path(division, year))
