"""A report's place: its issuer's division in the gazetteer of the report's year, or a warning."""

from govreports.metadata import SiteContext
from govreports.places import locate

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
    assert _place("高平市米山镇人民政府", 2022)[2:4] == ("140581100", ["山西省", "晋城市", "高平市", "米山镇"])
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
