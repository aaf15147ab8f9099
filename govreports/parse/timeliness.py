"""When a report was due, and how late it came.

The rule table, from the 条例's own text:

- Report years 2008–2018: every administrative organ by 31 March of the next year (《政府信息公开条例》
  2007, 国务院令第492号, 第三十一条: 各级行政机关应当在每年3月31日前公布…年度报告).
- Report years 2019 on (国务院令第711号 revision, in force 2019-05-15, 第四十九条):
  - departments of governments at county level and above by 31 January (县级以上人民政府部门应当在
    每年1月31日前…提交…并向社会公布);
  - local people's governments at county level and above by 31 March (…主管部门应当在每年3月31日前
    向社会公布本级政府上一年度…年度报告);
  - townships (乡, 镇, 街道): the article sets no date, so no deadline is given rather than a guess.

The 2019 reports, published in early 2020, were the first due under the revision.
"""

from __future__ import annotations

import datetime as dt

FIRST_YEAR_UNDER_2019_REVISION = 2019
_GOVERNMENTS = ("province", "prefecture", "county")


def deadline(year: int | None, level: str) -> dt.date | None:
    """The statutory publication deadline of a report on ``year`` by an organ of ``level``."""
    if year is None:
        return None
    if year < FIRST_YEAR_UNDER_2019_REVISION:
        return dt.date(year + 1, 3, 31)
    if level == "department":
        return dt.date(year + 1, 1, 31)
    if level in _GOVERNMENTS:
        return dt.date(year + 1, 3, 31)
    return None


def days_late(publish_date: dt.date | None, due: dt.date | None) -> int | None:
    """Days after the deadline (0 when on time); None when either date is unknown."""
    if publish_date is None or due is None:
        return None
    return max(0, (publish_date - due).days)
