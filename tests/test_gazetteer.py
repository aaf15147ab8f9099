"""The gazetteer: divisions by year across renames and mergers, townships, paths and levels."""

import pytest

from govreports.places.gazetteer import gazetteer


@pytest.fixture(scope="module")
def places():
    return gazetteer()


def _codes(found) -> list[str]:
    return sorted(d.code for d in found)


def test_renamed_and_merged_divisions_are_found_in_their_own_years(places):
    assert _codes(places.find("玉环县", 2016)) == ["331021"] and places.find("玉环县", 2017) == []
    assert _codes(places.find("玉环市", 2017)) == ["331083"] and places.find("玉环市", 2016) == []
    assert _codes(places.find("海东地区", 2012)) == ["632100"] and _codes(places.find("海东市", 2013)) == ["630200"]
    assert _codes(places.find("清江浦区", 2016)) == ["320812"] and places.find("清江浦区", 2015) == []
    # 淮安's 清河区 ended in 2016; 铁岭's 清河区 lives on, so the name alone is ambiguous before.
    assert _codes(places.find("清河区", 2015)) == ["211204", "320802"]
    assert _codes(places.find("清河区", 2016)) == ["211204"]


def test_levels_and_paths_come_from_the_table_not_the_name(places):
    (gaoping,) = places.find("高平市", 2020)
    (taizhou,) = places.find("泰州市", 2020)
    assert (gaoping.level, taizhou.level) == ("county", "prefecture")  # both are 市
    assert places.path(gaoping, 2020) == ["山西省", "晋城市", "高平市"]
    (yuhuan,) = places.find("玉环县", 2016)
    assert places.path(yuhuan, 2016) == ["浙江省", "台州市", "玉环县"]
    (jiyuan,) = places.find("济源市", 2020)  # directly under its province
    assert places.path(jiyuan, 2020) == ["河南省", "济源市"]


def test_townships_are_ambiguous_until_their_county_is_known(places):
    assert len(places.find("城关镇")) > 50 and len(places.find("建新镇")) >= 2
    (shendang,) = places.find("沈荡镇", within="330424")  # 海盐县
    assert shendang.code == "330424101" and shendang.level == "township"
    assert places.path(shendang) == ["浙江省", "嘉兴市", "海盐县", "沈荡镇"]
    assert places.find("沈荡镇", within="331083") == []
