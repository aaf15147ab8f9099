"""The five seed portals as replicas: which units publish, for which years, in which columns.

Each site has ≥25 reports over ≥3 years and ≥3 units, its seed report with the seed's own text,
look-alike documents in the same columns, one page served as GBK declared only in <meta>, and one
report listed twice under different URL forms.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from govreports.replicas.content import (
    SEED_001_FIGURES,
    SEED_002_FIGURES,
    SEED_004_FIGURES,
    ReplicaReport,
    seed_000_body,
    seed_001_body,
    seed_002_body,
    seed_003_body,
    seed_004_parts,
    seed_summary,
    table_summary,
)
from govreports.replicas.gkmlpt import GkmlptSite
from govreports.replicas.hanweb import HanwebColumn, HanwebSite
from govreports.replicas.label import LabelSite, LabelUnit
from govreports.replicas.legacy import LegacyColumn, LegacySite
from govreports.replicas.site import Unit, chrome_page
from govreports.replicas.trs import TrsList, TrsSite
from govreports.replicas.vsb import VsbColumn, VsbSite


def _years(first: int, last: int) -> tuple[int, ...]:
    return tuple(range(first, last + 1))


def _tabled(docs: list[ReplicaReport]) -> list[ReplicaReport]:
    """Reports whose statistics are real tables: a PDF or workbook made of flattened rows would
    wrap long labels, which no reader could take back."""
    return [d for d in docs if d.extra.get("table_layout") in ("table", "table_br")]


class Yuhuan(HanwebSite):
    """玉环市 (台州, 浙江): one 年报 column for the government and townships, one for departments."""

    key = "yuhuan"
    host = "www.yuhuan.gov.cn"
    other_hosts = ("yuhuan.gov.cn",)
    site_name = "玉环市人民政府"
    web_id = 3114
    directory_col = 1229486900
    mirror_host = "www.yuhuan-gov.cn.example.net"

    def build(self) -> None:
        main = HanwebColumn(1229486935, "政府信息公开年报", 6390858, per_page=3, group_size=3)
        depts = HanwebColumn(1229486936, "部门政府信息公开年报", 6390859, per_page=5, group_size=2)
        self.columns = [main, depts]
        government = Unit("玉环市人民政府", "玉环市", "county", _years(2017, 2023), title_name="玉环市")
        county_era = Unit("玉环县人民政府", "玉环县", "county", (2016,), title_name="玉环县")  # 玉环县 → 玉环市 in 2017
        units = [
            (main, county_era),
            (main, government),
            (main, Unit("玉环市楚门镇人民政府", "楚门镇", "township", _years(2019, 2023))),
            (main, Unit("玉环市坎门街道办事处", "坎门街道", "township", _years(2019, 2023))),
            (depts, Unit("玉环市发展和改革局", "玉环市", "department", _years(2019, 2023))),
            (depts, Unit("玉环市教育局", "玉环市", "department", _years(2020, 2023))),
        ]
        for col, unit in units:
            for year in unit.years:
                if unit is government and year == 2020:
                    self.add(
                        col,
                        ReplicaReport(
                            url="http://www.yuhuan.gov.cn/art/2021/2/19/art_1229486935_59084069.html",
                            title="玉环市2020年政府信息公开工作年度报告",
                            issuer="玉环市人民政府办公室",  # its 发布机构 publishes the city's report
                            region="玉环市",
                            level="county",
                            year=2020,
                            publish_date=dt.date(2021, 2, 19),
                            body_html=seed_000_body(),
                            source="玉环市人民政府办公室",
                            summary=seed_summary("000"),
                            extra={"seed": "000"},
                        ),
                    )
                    continue
                doc = self.add(col, self.generated_report(unit, year, self.art_url(col)))
                if unit is government and year == 2018:
                    doc.encoding = "gbk"
                if unit is government and year == 2021:  # also listed among departments, without www.
                    depts.docs.append(
                        ReplicaReport(**{**doc.__dict__, "extra": {"list_href": doc.url.replace("www.", "")}})
                    )
        for kind, year in ((0, 2020), (1, 2021), (2, 2022)):
            self.add(main, self.lookalike("玉环市", year, kind, self.art_url(main)))
        # Two townships publish only a file, behind downfile.jsp; the 教育局 puts its tables in a
        # workbook attached to a page that has only the prose.
        for doc, kind in zip(_tabled([d for d in main.docs if d.level == "township"]), ("pdf", "docx"), strict=False):
            self.publish_as_attachment(doc, kind, *self.downfile(doc, kind))
        education = _tabled([d for d in depts.docs if d.issuer == "玉环市教育局"])[0]
        self.move_into_attachment(education, "xlsx", *self.downfile(education, "xlsx"), tables_only=True)
        for col in self.columns:
            col.docs.sort(key=lambda d: d.publish_date, reverse=True)


class Haiyan(HanwebSite):
    """海盐县 (嘉兴, 浙江): one 年报 column per unit, reached from the 政府信息公开 directory."""

    key = "haiyan"
    host = "www.haiyan.gov.cn"
    site_name = "海盐县人民政府"
    web_id = 2871
    directory_col = 1229441000
    new_template_from_year = 2021

    def build(self) -> None:
        county = HanwebColumn(1229449092, "县政府信息公开年报", 5001, per_page=3, group_size=1)
        shendang = HanwebColumn(1229441217, "沈荡镇信息公开年报", 5002, per_page=3, group_size=2, escaped=True)
        wuyuan = HanwebColumn(1229441218, "武原街道信息公开年报", 5003, per_page=10, group_size=1)
        depts = HanwebColumn(1229441219, "部门信息公开年报", 5004, per_page=4, group_size=1)
        self.columns = [county, shendang, wuyuan, depts]
        units = [
            (county, Unit("海盐县人民政府", "海盐县", "county", _years(2015, 2023), title_name="海盐县")),
            (shendang, Unit("海盐县沈荡镇人民政府", "沈荡镇", "township", _years(2018, 2023))),
            (wuyuan, Unit("海盐县武原街道办事处", "武原街道", "township", _years(2019, 2023))),
            (depts, Unit("海盐县财政局", "海盐县", "department", _years(2019, 2023))),
        ]
        self.publish_units(units, self.art_url)
        next(d for d in wuyuan.docs if d.year == 2020).encoding = "gbk"
        title, body = seed_004_parts()
        self.add(
            shendang,
            ReplicaReport(
                url="http://www.haiyan.gov.cn/art/2018/1/24/art_1229441217_36143.html",
                title=title,
                issuer="海盐县沈荡镇人民政府",
                region="沈荡镇",
                level="township",
                year=2017,
                publish_date=dt.date(2018, 1, 24),
                body_html=body,
                source="沈蕩鎮人民政府",
                template="pre2019",
                figures=SEED_004_FIGURES,
                active_total=170,
                summary=seed_summary("004"),
                extra={"seed": "004", "truth": {"title": "海盐县沈荡镇人民政府2017年度政府信息公开工作报告"}},
            ),
        )
        self.publish_lookalikes(
            ((county, "海盐县", 2020), (county, "海盐县", 2022), (depts, "海盐县财政局", 2021)), self.art_url
        )
        for col in self.columns:
            col.docs.sort(key=lambda d: d.publish_date, reverse=True)


class Sihong(HanwebSite):
    """泗洪县 (宿迁, 江苏): a newer Jiangsu Hanweb site, not one of the seeds. Details at
    /art/{year}/art_{32hex}.html in the div template; 青阳街道's column lists its reports through
    the 信息公开 module's xxgkAnnualReport.jsp; the departments' column carries a static
    ?uid=&pageNum= pager that the server ignores."""

    key = "sihong"
    host = "www.sihong.gov.cn"
    site_name = "泗洪县人民政府"
    web_id = 2047
    directory_col = 1229700000
    new_template_from_year = 0

    def build(self) -> None:
        county = HanwebColumn(1229700101, "政府信息公开年报", 8101, per_page=4, group_size=2)
        depts = HanwebColumn(1229700102, "部门政府信息公开年报", 8102, per_page=3, group_size=1, page_links=True)
        qingyang = HanwebColumn(1229700103, "青阳街道信息公开年报", 8103, per_page=5, group_size=1)
        self.columns = [county, depts, qingyang]
        units = [
            (county, Unit("泗洪县人民政府", "泗洪县", "county", _years(2016, 2023), title_name="泗洪县")),
            (depts, Unit("泗洪县发展和改革委员会", "泗洪县", "department", _years(2019, 2023))),
            (depts, Unit("泗洪县水务局", "泗洪县", "department", _years(2020, 2023))),
            (depts, Unit("泗洪县教育局", "泗洪县", "department", _years(2020, 2023))),
            (qingyang, Unit("泗洪县青阳街道办事处", "青阳街道", "township", _years(2019, 2023))),
        ]
        self.publish_units(
            units, lambda col: self.annual_report_url("321324001") if col is qingyang else self.hex_art_url(col)
        )
        next(d for d in depts.docs if d.year == 2021).encoding = "gbk"
        lookalikes = ((county, "泗洪县", 2021), (county, "泗洪县", 2022), (depts, "泗洪县水务局", 2022))
        self.publish_lookalikes(lookalikes, self.hex_art_url)
        for col in self.columns:
            col.docs.sort(key=lambda d: d.publish_date, reverse=True)


class Gaoping(TrsSite):
    """高平市 (晋城, 山西): the xxgk platform, a 年报 directory per unit (government, 部门, 乡镇)."""

    key = "gaoping"
    host = "xxgk.sxgp.gov.cn"
    site_name = "高平市人民政府"

    def build(self) -> None:
        government = TrsList("/gpsrmzf/zfxxgknb/", "高平市人民政府", per_page=3)
        office = TrsList("/gzbm/zfbgs/zfxxgknb/", "市人民政府办公室")
        xinfang = TrsList("/gzbm/gpxfj/zfxxgknb/", "市信访局")
        mishan = TrsList("/xzjd/mss/zfxxgknb/", "米山镇")
        sanjia = TrsList("/xzjd/sjz/zfxxgknb/", "三甲镇")
        self.lists = [government, office, xinfang, mishan, sanjia]
        units = [
            (government, Unit("高平市人民政府", "高平市", "county", _years(2017, 2024), title_name="高平市")),
            (office, Unit("高平市人民政府办公室", "高平市", "department", (2019, 2021, 2022, 2023))),
            (xinfang, Unit("高平市信访局", "高平市", "department", _years(2019, 2023))),
            (mishan, Unit("高平市米山镇人民政府", "米山镇", "township", _years(2019, 2023))),
            (sanjia, Unit("高平市三甲镇人民政府", "三甲镇", "township", _years(2020, 2023))),
        ]
        # The office's 2021 report continues from the seed's real 2020 figures.
        self._figures_by_issuer[("高平市人民政府办公室", 2020)] = SEED_002_FIGURES
        self.publish_units(units, self.detail_url)
        next(d for d in xinfang.docs if d.year == 2021).encoding = "gbk"
        self.add(
            office,
            ReplicaReport(
                url="http://xxgk.sxgp.gov.cn/gzbm/zfbgs/zfxxgknb/202101/t20210129_1348661.shtml",
                title="高平市人民政府办公室2020年政府信息公开工作年度报告",
                issuer="高平市人民政府办公室",
                region="高平市",
                level="department",
                year=2020,
                publish_date=dt.date(2021, 1, 29),
                body_html=seed_002_body(),
                source="高平市人民政府办公室",
                template="2019",
                figures=SEED_002_FIGURES,
                summary=table_summary(SEED_002_FIGURES, None),
                # The seed carried nothing in; the generated 2019 report may have carried some out.
                failing_cross_checks=("carried_over",)
                if any(self._figures_by_issuer[("高平市人民政府办公室", 2019)]["applications"]["carried_out"].values())
                else (),
                extra={"seed": "002"},
            ),
        )
        # Townships publish attachments only: PDFs, a DOCX, and one scan with no text layer.
        for doc, kind in zip(_tabled(mishan.docs + sanjia.docs), ("pdf", "pdf", "docx"), strict=False):
            self.publish_as_attachment(doc, kind, self.attachment_url(doc, kind))
        scan = next(d for d in xinfang.docs if d.year == 2023)
        self.publish_as_attachment(scan, "scan", self.attachment_url(scan, "scan"))
        # The seed's page offers a Word copy too (a real .doc made by make_doc_fixture.py).
        seed = next(d for d in office.docs if d.extra.get("seed") == "002")
        word = seed.url.rsplit("/", 1)[0] + "/W020210129348661.doc"
        # …and a copy on a document-sharing site, off the government's domain: never fetched.
        seed.body_html += (
            f'<p>附件：<a href="{word}">{seed.title}.doc</a></p>'
            '<p>转载：<a href="http://wenku.example.com/gaoping-2020.pdf">文库副本.pdf</a></p>'
        )
        self.files[urlsplit(word).path] = (
            (Path(__file__).with_name("files") / "seed002.doc").read_bytes(),
            "application/msword",
        )
        # The same reports again, by year: a 2022 folder across all units, linking mobile twins.
        by_year = TrsList("/zfxxgknb/nb_2022n/", "2022年度政府信息公开年报", per_page=4, wap_twins=True)
        by_year.docs = [d for lst in self.lists for d in lst.docs if d.year == 2022 and "attachment" not in d.extra]
        self.lists.append(by_year)
        lookalikes = ((government, "高平市", 2020), (government, "高平市", 2023), (xinfang, "高平市信访局", 2022))
        self.publish_lookalikes(lookalikes, self.detail_url)
        self.sort_lists()


class Zhenxiong(TrsSite):
    """镇雄县 (昭通, 云南): a static TRS tree under /zfxxgk/zfxxgknb/ with a by-unit subtree
    (xzfbgs/, gzbm/{dept}/, xzjd/{town}/) and a by-year subtree (gknb{YYYY}/) listing the same
    reports again; newer trs_editor_view bodies. Not one of the seeds."""

    key = "zhenxiong"
    host = "www.zx.gov.cn"
    site_name = "镇雄县人民政府"
    editor_class = "trs_editor_view"
    root = "/zfxxgk/zfxxgknb/"

    def build(self) -> None:
        office = TrsList(f"{self.root}xzfbgs/", "县人民政府", per_page=3, ext="html")
        education = TrsList(f"{self.root}gzbm/jyj/", "县教育体育局", per_page=3, ext="html")
        finance = TrsList(f"{self.root}gzbm/czj/", "县财政局", per_page=3, ext="html")
        wufeng = TrsList(f"{self.root}xzjd/wfjd/", "乌峰街道", per_page=3, ext="html")
        nantai = TrsList(f"{self.root}xzjd/ntjd/", "南台街道", per_page=3, ext="html")
        units = [
            (office, Unit("镇雄县人民政府", "镇雄县", "county", _years(2017, 2023), title_name="镇雄县")),
            (education, Unit("镇雄县教育体育局", "镇雄县", "department", _years(2019, 2023))),
            (finance, Unit("镇雄县财政局", "镇雄县", "department", _years(2020, 2023))),
            (wufeng, Unit("镇雄县乌峰街道办事处", "乌峰街道", "township", _years(2019, 2023))),
            (nantai, Unit("镇雄县南台街道办事处", "南台街道", "township", _years(2019, 2023))),
        ]
        self.lists = [lst for lst, _ in units]
        self.publish_units(units, self.detail_url)
        next(d for d in finance.docs if d.year == 2022).encoding = "gbk"
        lookalikes = ((office, "镇雄县", 2021), (office, "镇雄县", 2022), (finance, "镇雄县财政局", 2022))
        self.publish_lookalikes(lookalikes, self.detail_url)
        by_unit = list(self.lists)
        for year in _years(2017, 2023):  # the same reports, by year, on Beijing's five-argument pager
            folder = TrsList(f"{self.root}gknb{year}/", f"{year}年", per_page=4, ext="html", five_arg_pager=True)
            folder.docs = [d for lst in by_unit for d in lst.docs if d.year == year and d.is_report]
            self.lists.append(folder)
        self.sort_lists()

    def home_links(self) -> str:
        return f'<li><a href="{self.root}">政府信息公开年报</a></li>'

    def extra_page(self, path: str) -> str | None:
        if path not in (self.root, self.root + "index.html"):
            return None
        years = [lst for lst in self.lists if "/gknb" in lst.path]
        units = [lst for lst in self.lists if lst not in years]

        def links(lists) -> str:
            return "".join(f'<li><a href="{lst.path[len(self.root) :]}">{escape(lst.name)}</a></li>' for lst in lists)

        main = (
            f'<div class="main"><h2>政府信息公开年报</h2><h3>按单位</h3><ul>{links(units)}</ul>'
            f"<h3>按年度</h3><ul>{links(years)}</ul></div>"
        )
        return chrome_page(self.site_name, "政府信息公开年报", main, breadcrumb="政府信息公开 &gt; 年报")


class Mengzi(TrsSite):
    """蒙自市 (红河州, 云南): its reports sit on the prefecture portal among other counties' reports,
    in by-year folders /zfxxgk/xxgkndbg/andfl/{Y}n1/."""

    key = "mengzi"
    host = "www.hh.gov.cn"
    site_name = "红河州人民政府"
    detail_title = ""
    root = "/zfxxgk/xxgkndbg/"

    def build(self) -> None:
        years = _years(2017, 2023)
        folders = {
            y: TrsList(f"{self.root}andfl/{y}n1/", f"{y}年度", per_page=6, ext="html", five_arg_pager=True)
            for y in years
        }
        self.lists = list(folders.values())
        own = [
            Unit("蒙自市人民政府", "蒙自市", "county", years, title_name="蒙自市"),
            Unit("蒙自市教育体育局", "蒙自市", "department", _years(2019, 2023)),
            Unit("蒙自市财政局", "蒙自市", "department", _years(2019, 2023)),
            Unit("蒙自市文澜街道办事处", "文澜街道", "township", _years(2019, 2023)),
            Unit(
                "蒙自市草坝镇人民政府", "草坝镇", "township", (2019, 2020, 2022, 2023)
            ),  # its 2021 report was never posted
        ]
        others = [
            Unit("红河哈尼族彝族自治州人民政府", "红河哈尼族彝族自治州", "prefecture", years, title_name="红河州"),
            Unit("个旧市人民政府", "个旧市", "county", years, title_name="个旧市"),
            Unit("开远市人民政府", "开远市", "county", _years(2019, 2023), title_name="开远市"),
            Unit("个旧市财政局", "个旧市", "department", _years(2020, 2022)),
        ]
        for unit in own + others:
            for year in unit.years:
                if unit.issuer == "蒙自市人民政府" and year == 2019:
                    continue
                doc = self.add(folders[year], self.generated_report(unit, year, self.detail_url(folders[year])))
                doc.extra["time"] = f"{9 + year % 8:02d}:{year % 60:02d}"
                doc.extra["in_scope"] = unit in own
                if unit.issuer == "蒙自市财政局" and year == 2021:
                    doc.encoding = "gbk"
                if unit.issuer == "蒙自市财政局" and year == 2022:
                    doc.encoding = "gbk-mislabelled"
        # Re-posted in 2021 under a 202103 URL; the page still says 发布时间 2020-02-25 15:57.
        self.add(
            folders[2019],
            ReplicaReport(
                url=f"http://www.hh.gov.cn{self.root}andfl/2019n1/202103/t20210308_505249.html",
                title="蒙自市2019年政府信息公开工作年度报告",
                issuer="蒙自市人民政府办公室",  # it compiled the city's report and signs it
                region="蒙自市",
                level="county",
                year=2019,
                publish_date=dt.date(2020, 2, 25),
                body_html=seed_003_body(),
                source="蒙自市人民政府办公室",
                summary=seed_summary("003"),
                extra={"seed": "003", "time": "15:57", "list_date": dt.date(2021, 3, 8)},
            ),
        )
        for kind, year, name in ((0, 2020, "蒙自市"), (1, 2021, "蒙自市"), (2, 2022, "蒙自市财政局")):
            self.add(folders[year], self.lookalike(name, year, kind, self.detail_url(folders[year])))
        self.sort_lists()

    def home_links(self) -> str:
        return f'<li><a href="{self.root}">政府信息公开年度报告</a></li>'

    def extra_page(self, path: str) -> str | None:
        if path not in (self.root, self.root + "index.html"):
            return None
        links = "".join(
            f'<li><a href="./andfl/{lst.path.split("/")[-2]}/">{escape(lst.name)}</a></li>'
            for lst in reversed(self.lists)
        )
        main = f'<div class="main"><h2>政府信息公开年度报告</h2><ul class="years">{links}</ul></div>'
        return chrome_page(self.site_name, "政府信息公开年度报告", main, breadcrumb="政府信息公开 &gt; 年度报告")


class Leizhou(GkmlptSite):
    """雷州市 (湛江, 广东): gkmlpt catalogue; 200+ reports so the JSON API pages three times."""

    key = "leizhou"
    host = "www.leizhou.gov.cn"
    site_name = "雷州市人民政府"
    sid = "759012"
    report_category = 2741

    DEPARTMENTS = (
        "发展和改革局",
        "教育局",
        "财政局",
        "民政局",
        "人力资源和社会保障局",
        "自然资源局",
        "住房和城乡建设局",
        "交通运输局",
        "农业农村局",
        "卫生健康局",
        "市场监督管理局",
        "应急管理局",
    )
    TOWNS = (
        "雷城街道",
        "新城街道",
        "西湖街道",
        "附城镇",
        "白沙镇",
        "沈塘镇",
        "客路镇",
        "杨家镇",
        "唐家镇",
        "企水镇",
        "纪家镇",
        "松竹镇",
        "南兴镇",
        "雷高镇",
        "东里镇",
        "调风镇",
        "龙门镇",
        "英利镇",
        "北和镇",
        "乌石镇",
        "覃斗镇",
    )

    def build(self) -> None:
        recent = _years(2019, 2024)
        units = [Unit("雷州市人民政府", "雷州市", "county", _years(2014, 2024), title_name="雷州市")]
        units += [Unit(f"雷州市{d}", "雷州市", "department", recent) for d in self.DEPARTMENTS]
        units += [
            Unit(f"雷州市{t}{'办事处' if t.endswith('街道') else '人民政府'}", t, "township", recent)
            for t in self.TOWNS
        ]
        for unit in units:
            for year in unit.years:
                if unit.level == "county" and year == 2018:
                    self.documents.append(
                        ReplicaReport(
                            url=self.content_url(dt.date(2019, 1, 25)),
                            title="雷州市2018年政府信息公开工作年度报告",
                            issuer="雷州市人民政府办公室",  # its 发布机构 publishes the city's report
                            region="雷州市",
                            level="county",
                            year=2018,
                            publish_date=dt.date(2019, 1, 25),
                            body_html=seed_001_body(),
                            source="雷州市人民政府办公室",
                            template="pre2019",
                            figures=SEED_001_FIGURES,
                            active_total=5090,
                            summary=seed_summary("001"),
                            extra={"seed": "001"},
                        )
                    )
                    continue
                doc = self.generated_report(unit, year, self.content_url)
                if unit.region == "附城镇" and year == 2022:
                    doc.encoding = "gbk"
                if unit.region == "附城镇" and year == 2023:
                    doc.encoding = "gbk-undeclared"
                self.documents.append(doc)
        for kind, year in ((0, 2021), (1, 2022), (2, 2023)):
            self.documents.append(self.lookalike("雷州市", year, kind, self.content_url))
        # 乌石镇 keeps its reports on its own sub-site's NFCMS column, not in the catalogue.
        self.move_to_subsite([d for d in self.documents if d.region == "乌石镇"], "/lzwsz/zwgk/xxgknb/")
        # Two towns' pages say only 详见附件: the report is the attached PDF or DOCX.
        for town, kind in (("白沙镇", "pdf"), ("客路镇", "docx")):
            doc = _tabled([d for d in self.documents if d.region == town])[-1]
            path = self.attachment_path(doc, kind)
            self.move_into_attachment(doc, kind, path, path)


class Xunyi(VsbSite):
    """旬邑县 (咸阳, 陕西): a 博达 VSB portal, not one of the seeds, built from the seeds' structure.
    Townships' pages often hold only the file, behind a download.jsp that wants a Referer."""

    key = "xunyi"
    host = "www.xunyi.gov.cn"
    site_name = "旬邑县人民政府"

    def build(self) -> None:
        main = VsbColumn("/zfxxgk/zfxxgknb.htm", "政府信息公开年报", 1042, per_page=8)
        depts = VsbColumn("/zfxxgk/bmxxgknb.htm", "部门政府信息公开年报", 1043, per_page=6, jsp_twins=True)
        self.columns = [main, depts]
        units = [
            (main, Unit("旬邑县人民政府", "旬邑县", "county", _years(2016, 2023), title_name="旬邑县")),
            (main, Unit("旬邑县城关街道办事处", "城关街道", "township", _years(2019, 2023))),
            (main, Unit("旬邑县太村镇人民政府", "太村镇", "township", _years(2019, 2023))),
            (depts, Unit("旬邑县财政局", "旬邑县", "department", _years(2019, 2023))),
            (depts, Unit("旬邑县教育局", "旬邑县", "department", _years(2020, 2023))),
            (depts, Unit("旬邑县卫生健康局", "旬邑县", "department", _years(2021, 2023))),
        ]
        self.publish_units(units, self.info_url)
        next(d for d in main.docs if d.region == "太村镇" and d.year == 2020).encoding = "gbk"
        self.publish_lookalikes(
            ((main, "旬邑县", 2021), (main, "旬邑县", 2022), (depts, "旬邑县财政局", 2022)), self.info_url
        )
        # 太村镇's pages say 详见附件 (a PDF, a DOCX); one 城关街道 report is listed as the file itself.
        taicun = _tabled([d for d in main.docs if d.region == "太村镇"])
        for doc, kind in zip(taicun, ("pdf", "docx"), strict=False):
            self.move_into_attachment(doc, kind, *self.download_link(doc, kind))
        chengguan = _tabled([d for d in main.docs if d.region == "城关街道"])[0]
        self.publish_as_attachment(chengguan, "pdf", *self.download_link(chengguan, "pdf"))
        for column in self.columns:
            column.docs.sort(key=lambda d: d.publish_date, reverse=True)


class Huaining(LabelSite):
    """怀宁县 (安庆, 安徽): the 安徽-style public/column platform on an xxgk subdomain, not one of the
    seeds. Every organ has its own node; 年报 lists are script shells filled from /site/label/8888."""

    key = "huaining"
    host = "xxgk.ahhn.gov.cn"  # the 信息公开 platform's own subdomain
    other_hosts = ("www.ahhn.gov.cn",)
    site_name = "怀宁县人民政府"
    site_id = 6785

    def build(self) -> None:
        county = LabelUnit(6616411, "怀宁县人民政府", 7011, "政府", per_page=4)
        finance = LabelUnit(6616437, "怀宁县财政局", 7211, "部门", nested=True)
        shipai = LabelUnit(6616502, "怀宁县石牌镇人民政府", 7311, "乡镇", epoint=True)
        units = [
            (county, Unit("怀宁县人民政府", "怀宁县", "county", _years(2016, 2023), title_name="怀宁县")),
            (
                LabelUnit(6616433, "怀宁县教育局", 7111, "部门"),
                Unit("怀宁县教育局", "怀宁县", "department", _years(2019, 2023)),
            ),
            (finance, Unit("怀宁县财政局", "怀宁县", "department", _years(2020, 2023))),
            (shipai, Unit("怀宁县石牌镇人民政府", "石牌镇", "township", _years(2019, 2023))),
            (
                LabelUnit(6616505, "怀宁县高河镇人民政府", 7411, "乡镇", epoint=True),
                Unit("怀宁县高河镇人民政府", "高河镇", "township", _years(2020, 2023)),
            ),
        ]
        self.units = [node for node, _ in units]
        self.publish_units(units, self.info_url)
        next(d for d in shipai.docs if d.year == 2021).encoding = "gbk"
        lookalikes = ((county, "怀宁县", 2021), (county, "怀宁县", 2022), (finance, "怀宁县财政局", 2022))
        self.publish_lookalikes(lookalikes, self.info_url)
        for unit in self.units:
            unit.docs.sort(key=lambda d: d.publish_date, reverse=True)


class Weiyuan(LegacySite):
    """渭源县 (定西, 甘肃): a county's own ASP.NET CMS, all GBK, not one of the seeds. Two townships
    publish only files, one of them a scan."""

    key = "weiyuan"
    host = "www.cnwy.gov.cn"
    site_name = "渭源县人民政府"
    directory_lmid = 2800

    def build(self) -> None:
        main = LegacyColumn(2820, "政府信息公开年报", per_page=8)
        depts = LegacyColumn(2821, "部门信息公开年报", per_page=8)
        self.columns = [main, depts]
        units = [
            (main, Unit("渭源县人民政府", "渭源县", "county", _years(2016, 2023), title_name="渭源县")),
            (main, Unit("渭源县清源镇人民政府", "清源镇", "township", _years(2019, 2023))),
            (main, Unit("渭源县会川镇人民政府", "会川镇", "township", _years(2020, 2023))),
            (depts, Unit("渭源县民政局", "渭源县", "department", _years(2019, 2023))),
            (depts, Unit("渭源县农业农村局", "渭源县", "department", _years(2020, 2023))),
        ]
        self.publish_units(units, lambda column: self.show_url)
        lookalikes = ((main, "渭源县", 2021), (main, "渭源县", 2022), (depts, "渭源县民政局", 2022))
        self.publish_lookalikes(lookalikes, lambda column: self.show_url)
        qingyuan = _tabled([d for d in main.docs if d.region == "清源镇"])[0]
        self.publish_as_attachment(qingyuan, "pdf", self.upload_url(qingyuan, "pdf"))
        huichuan = next(d for d in main.docs if d.region == "会川镇" and d.year == 2022)
        self.publish_as_attachment(huichuan, "scan", self.upload_url(huichuan, "pdf"))
        for doc in self.documents:
            doc.encoding = "utf-8" if "attachment" in doc.extra else "gbk"  # every page is GBK here
        for column in self.columns:
            column.docs.sort(key=lambda d: d.publish_date, reverse=True)


class Dianbai(GkmlptSite):
    """电白区 (茂名, 广东): a gkmlpt catalogue for the district and its departments, while two
    streets publish only on their own NFCMS sub-site columns. Not one of the seeds."""

    key = "dianbai"
    host = "www.dianbai.gov.cn"
    site_name = "茂名市电白区人民政府"
    sid = "755123"
    report_category = 3120

    def build(self) -> None:
        catalogue = [
            Unit("茂名市电白区人民政府", "电白区", "county", _years(2016, 2023), title_name="茂名市电白区"),
            Unit("茂名市电白区教育局", "电白区", "department", _years(2019, 2023)),
            Unit("茂名市电白区财政局", "电白区", "department", _years(2020, 2023)),
        ]
        streets = {
            "/dbnhjd/zwgk/xxgknb/": Unit("茂名市电白区南海街道办事处", "南海街道", "township", _years(2019, 2023)),
            "/dbsdjd/zwgk/xxgknb/": Unit("茂名市电白区水东街道办事处", "水东街道", "township", _years(2020, 2023)),
        }
        self.publish_units([(None, unit) for unit in catalogue], lambda _: self.content_url)
        for column, unit in streets.items():
            docs = [self.generated_report(unit, year, self.content_url) for year in unit.years]
            self.documents.extend(docs)
            self.move_to_subsite(docs, column)
        next(d for d in self.documents if d.region == "南海街道" and d.year == 2021).encoding = "gbk"
        lookalikes = ((None, "电白区", 2021), (None, "电白区", 2022), (None, "茂名市电白区财政局", 2022))
        self.publish_lookalikes(lookalikes, lambda _: self.content_url)


SEED_SITES = (Yuhuan, Haiyan, Gaoping, Mengzi, Leizhou)
# Replicas of portals beyond the seeds: one per platform archetype the seeds do not cover.
OTHER_SITES = (Sihong, Zhenxiong, Dianbai, Xunyi, Huaining, Weiyuan)
