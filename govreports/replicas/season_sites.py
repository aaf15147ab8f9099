"""Replica portals for every row of a registry, for the national season bench (``govreports bench
--season``): each row's portal on its real host, on a platform as portals are spread in the wild,
publishing a few reports per organ behind the home page a ``platform = "auto"`` row starts from.

Rows that share a host (a county on its prefecture's portal) share one replica, which publishes
every row's organs. Which reports a row must find is kept beside the replicas: those of its own
organs.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from govreports.registry import PLATFORMS, Site
from govreports.replicas.gkmlpt import GkmlptSite
from govreports.replicas.hanweb import HanwebColumn, HanwebSite
from govreports.replicas.label import LabelSite, LabelUnit
from govreports.replicas.legacy import LegacyColumn, LegacySite
from govreports.replicas.site import ReplicaSite, Unit
from govreports.replicas.trs import TrsList, TrsSite
from govreports.replicas.vsb import VsbColumn, VsbSite

GOVERNMENT_YEARS = (2021, 2022, 2023)
DEPARTMENT_YEARS = (2022, 2023)
# Provinces whose counties mostly run one platform (docs/portals.md): 广东's gkmlpt, 安徽's
# public/column xxgk platform, 浙江's and 江苏's Hanweb JCMS, 福建's TRS template (whose lists
# page through the portal's search service).
PROVINCE_PLATFORMS = {"44": "gkmlpt", "34": "xxgk_label", "33": "hanweb", "32": "hanweb", "35": "trs"}
SEARCH_PAGED_PROVINCES = {"35"}
# Elsewhere, shares of the platforms as county portals show them (in percent).
PLATFORM_SHARES = (("trs", 40), ("hanweb", 25), ("vsb", 15), ("legacy", 10), ("xxgk_label", 10))


def platform_for(site: Site) -> str:
    """The platform a row's replica runs: the row's own, when pinned; else its province's, or one
    drawn by share from a hash of its key (the same for the same row, run after run)."""
    if site.platform in PLATFORMS:
        return site.platform
    province = (site.division_code or "")[:2]
    if province in PROVINCE_PLATFORMS:
        return PROVINCE_PLATFORMS[province]
    draw = zlib.crc32(site.key.encode()) % 100
    for platform, share in PLATFORM_SHARES:
        if draw < share:
            return platform
        draw -= share
    return PLATFORM_SHARES[0][0]


def units_of(site: Site) -> list[Unit]:
    """The organs of a row that publish: its government, for three years, and two of its
    departments (厅 at a province, 局 below), for two."""
    region = site.region
    office = "厅" if site.level == "province" else "局"
    return [
        Unit(f"{region}人民政府", region, site.level, GOVERNMENT_YEARS, title_name=region),
        Unit(f"{region}财政{office}", region, "department", DEPARTMENT_YEARS),
        Unit(f"{region}教育{office}", region, "department", DEPARTMENT_YEARS),
    ]


@dataclass
class Season:
    sites: dict[str, ReplicaSite]  # by host
    expected: dict[str, list[str]] = field(default_factory=dict)  # row key → its reports' URLs
    https_hosts: set[str] = field(default_factory=set)

    @property
    def reports(self) -> int:
        return sum(len(urls) for urls in self.expected.values())


def season_replicas(rows: list[Site]) -> Season:
    """One replica per host of ``rows``' entries, on the platform of the host's first row."""
    by_host: dict[str, list[Site]] = defaultdict(list)
    for site in rows:
        by_host[urlsplit(site.entry[0]).hostname or ""].append(site)
    season = Season({})
    for host, sharing in by_host.items():
        replica = _REPLICAS[platform_for(sharing[0])](host, sharing)
        season.sites[host] = replica
        for site in sharing:
            season.expected[site.key] = [doc.url for doc in replica.documents if doc.extra["row"] == site.key]
        if any(urlsplit(url).scheme == "https" for site in sharing for url in site.entry):
            season.https_hosts.add(host)
    return season


class _SeasonPortal:
    """A platform replica (the class it is mixed into) on one host, publishing ``rows``' organs."""

    def __init__(self, host: str, rows: list[Site]) -> None:
        self.host, self.rows = host, rows
        self.key = f"season:{host}"
        self.site_name = rows[0].name
        self.number = zlib.crc32(host.encode()) % 90000 + 10000  # ids that differ from host to host
        super().__init__()

    def publish_rows(self, listing, url_for) -> None:
        for site in self.rows:
            for unit in units_of(site):
                for year in unit.years:
                    doc = self.add(listing, self.generated_report(unit, year, url_for))
                    doc.extra["row"] = site.key

    def newest_first(self, listings) -> None:
        for listing in listings:
            listing.docs.sort(key=lambda doc: doc.publish_date, reverse=True)


class _Hanweb(_SeasonPortal, HanwebSite):
    def build(self) -> None:
        self.web_id, self.directory_col = self.number, self.number * 100
        column = HanwebColumn(self.number * 100 + 1, "政府信息公开年报", self.number * 10, per_page=5, group_size=3)
        self.columns = [column]
        self.publish_rows(column, self.art_url(column))
        self.newest_first(self.columns)


class _Trs(_SeasonPortal, TrsSite):
    def build(self) -> None:
        listing = TrsList("/zfxxgk/zfxxgknb/", "政府信息公开年报", per_page=6)
        if (self.rows[0].division_code or "")[:2] in SEARCH_PAGED_PROVINCES:
            listing.channel_id = self.number
        self.lists = [listing]
        self.publish_rows(listing, self.detail_url(listing))
        self.sort_lists()


class _Gkmlpt(_SeasonPortal, GkmlptSite):
    def build(self) -> None:
        self.sid, self.report_category = str(self.number), 2741
        self.publish_rows(None, self.content_url)


class _Vsb(_SeasonPortal, VsbSite):
    def build(self) -> None:
        column = VsbColumn("/zfxxgk/zfxxgknb.htm", "政府信息公开年报", self.number, per_page=8)
        self.columns = [column]
        self.publish_rows(column, self.info_url(column))
        self.newest_first(self.columns)


class _Label(_SeasonPortal, LabelSite):
    def build(self) -> None:
        self.site_id = self.number
        for site in self.rows:
            for number, unit in enumerate(units_of(site)):
                group = "政府" if number == 0 else "部门"
                node = LabelUnit(self.number * 10 + len(self.units), unit.issuer, 7000 + len(self.units), group)
                self.units.append(node)
                for year in unit.years:
                    doc = self.add(node, self.generated_report(unit, year, self.info_url(node)))
                    doc.extra["row"] = site.key
        self.newest_first(self.units)


class _Legacy(_SeasonPortal, LegacySite):
    def build(self) -> None:
        self.directory_lmid = 2800
        column = LegacyColumn(2820, "政府信息公开年报", per_page=8)
        self.columns = [column]
        self.publish_rows(column, self.show_url)
        self.newest_first(self.columns)


_REPLICAS = {
    "hanweb": _Hanweb,
    "trs": _Trs,
    "gkmlpt": _Gkmlpt,
    "vsb": _Vsb,
    "xxgk_label": _Label,
    "legacy": _Legacy,
}
