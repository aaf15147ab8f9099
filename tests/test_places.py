"""A report's place: its issuer's division in the gazetteer of the report's year, or a warning."""

import csv
from pathlib import Path

import pytest

from govreports.parse.titles import title_organ
from govreports.places.gazetteer import gazetteer
from govreports.places.locate import SiteContext, locate
from tests.conftest import demo_reports

NO_SITE = SiteContext()
YUHUAN = SiteContext("玉环市", "county", "331083", ["浙江省", "台州市", "玉环市"])


def _place(issuer, year, site=NO_SITE):
    place, warnings = locate(issuer, site, year)
    return place.region, place.level, place.division_code, place.region_path, warnings


def test_a_renamed_county_gets_the_code_of_the_report_s_year():
    assert _place("玉环县人民政府", 2016, YUHUAN) == ("玉环县", "county", "331021", ["浙江省", "台州市", "玉环县"], [])
    assert _place("玉环市人民政府", 2020)[:3] == ("玉环市", "county", "331083")


def test_the_level_of_a_city_comes_from_the_gazetteer_not_its_name():
    assert _place("高平市人民政府", 2020)[1] == "county"
    assert _place("泰州市人民政府", 2020)[1] == "prefecture"
    assert _place("玉环市教育局", 2020)[:3] == ("玉环市", "department", "331083")  # its government's division


def test_a_township_resolves_only_with_its_county_named_or_given_by_the_site():
    assert _place("高平市米山镇人民政府", 2022)[2:4] == ("140581101", ["山西省", "晋城市", "高平市", "米山镇"])
    assert _place("坎门街道办事处", 2021, YUHUAN)[2] == "331083002"
    region, level, code, path, warnings = _place("城关镇人民政府", 2021)
    assert (region, level, code, path) == ("城关镇", "township", None, None)
    assert warnings[0].startswith("region_ambiguous:") and len(warnings[0].split(":")[1].split(",")) == 8


def test_a_name_unknown_in_that_year_is_said_so():
    assert _place("玉环市人民政府", 2015)[2:] == (None, None, ["region_unknown"])  # still 玉环县 then
    assert _place("子虚县人民政府", 2020)[2:] == (None, None, ["region_unknown"])


def test_an_autonomous_division_written_short_is_named_in_full():
    place, warnings = locate("红河州人民政府", NO_SITE, 2020)
    assert (place.region, place.level, place.division_code, warnings) == (
        "红河哈尼族彝族自治州",
        "prefecture",
        "532500",
        [],
    )
    assert locate("化隆县人民政府", NO_SITE, 2020)[0].division_code == "630224"  # 化隆回族自治县


def test_places_shows_every_division_a_name_stands_for():
    from tests.conftest import run_cli

    result = run_cli("places", "城关镇", "--within", "620000")
    assert result.returncode == 0 and "甘肃省/临夏回族自治州/和政县/城关镇" in result.stdout
    assert result.stdout.count("township") == len(result.stdout.splitlines()) > 1
    assert run_cli("places", "子虚县").returncode == 1


def _table():
    with (Path(__file__).with_name("places_table.tsv")).open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _site(code: str, year: int) -> SiteContext:
    if not code:
        return NO_SITE
    division = gazetteer().get(code, year)
    return SiteContext(division.name, division.level, division.code, gazetteer().path(division, year))


@pytest.mark.parametrize("row", _table(), ids=lambda row: f"{row['text'] or '(empty)'}-{row['year']}")
def test_the_hand_checked_table_of_issuers_and_titles(row):
    year = int(row["year"])
    organ = title_organ(row["text"]) if row["kind"] == "title" else None
    issuer = (organ.text if organ else None) if row["kind"] == "title" else row["text"]
    place, warnings = locate(issuer, _site(row["site"], year), year)
    assert (place.region or "", place.level, place.division_code or "") == (
        row["region"],
        row["level"],
        row["division_code"],
    )
    assert warnings == ([row["warning"]] if row["warning"] else [])
    assert bool(place.region_path) == bool(place.division_code)  # a path only with a code


def test_the_table_covers_what_the_issue_asks_for():
    rows = _table()
    assert len(rows) >= 80
    assert {row["level"] for row in rows} >= {"province", "prefecture", "county", "township", "department"}
    warnings = {row["warning"].split(":")[0] for row in rows}
    assert warnings >= {"region_ambiguous", "region_unknown", "region_not_division", "issuer_missing"}


def test_reparse_fills_the_places_of_a_store_written_before_the_gazetteer(demo_dir, tmp_path):
    import sqlite3

    from tests.conftest import run_cli

    db = tmp_path / "old.sqlite"
    with sqlite3.connect(demo_dir / "reports.sqlite") as source, sqlite3.connect(db) as old:
        source.backup(old)
    columns = "report_id, region, division_code, region_path_json, level, warnings_json, last_seen_at, content_sha1"
    with sqlite3.connect(db) as old:
        before = {row[0]: row for row in old.execute(f"SELECT {columns} FROM reports")}
        # What a store written before the gazetteer holds: the name, no code, no path.
        old.execute("UPDATE reports SET division_code = NULL, region_path_json = NULL, content_sha1 = 'old'")
    assert len(before) == demo_reports()

    first = run_cli("reparse", str(db))
    assert first.returncode == 0, first.stderr
    assert f"changed {demo_reports()}, unchanged 0" in first.stderr
    with sqlite3.connect(db) as store:
        after = {row[0]: row for row in store.execute(f"SELECT {columns} FROM reports")}
    # Every field as the crawl wrote it, the content hash a recrawl would compute, and no report
    # counted as seen again.
    assert after == before
    assert f"changed 0, unchanged {demo_reports()}" in run_cli("reparse", str(db)).stderr


def test_reparse_refuses_what_is_not_a_store(tmp_path):
    from tests.conftest import run_cli

    missing = run_cli("reparse", str(tmp_path / "none.sqlite"))
    assert missing.returncode == 2 and "no store at" in missing.stderr
    (tmp_path / "junk.sqlite").write_text("not a database")
    junk = run_cli("reparse", str(tmp_path / "junk.sqlite"))
    assert junk.returncode == 2 and "govreports reparse:" in junk.stderr
