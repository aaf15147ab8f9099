"""Platforms as pure functions: recognising a CMS from its pages, and the shapes it pages its lists in."""

import re
from urllib.parse import parse_qsl, urlsplit

from govreports import registry
from govreports.crawl.platform_detection import detect_platform, detection
from govreports.parse.encoding import decode_page
from govreports.parse.urls import primary_url, report_id
from govreports.replicas import replica_sites
from govreports.replicas.site import ReplicaRequest
from spiders.platforms.trs import pager, search_api, search_results
from spiders.platforms.vsb import VsbSpider


def test_trs_pager_reads_both_create_page_html_signatures():
    assert pager(
        'var currentPage = 0;\nvar countPage = 4;\ncreatePageHTML(countPage, currentPage, "index", "shtml");'
    ) == (
        4,
        0,
        "index",
        "shtml",
    )
    assert pager('createPageHTML(61, 4, 2, "index", "html");') == (4, 2, "index", "html")
    assert pager("createPageHTML(broken)") is None and pager("<html></html>") is None


def test_vsb_pages_of_one_column_count_down_under_its_newest_page():
    column = VsbSpider.column_of
    assert column("http://www.x.gov.cn/zfxxgk/zfxxgknb.htm") == "/zfxxgk/zfxxgknb"
    assert column("http://www.x.gov.cn/zfxxgk/zfxxgknb/3.htm") == "/zfxxgk/zfxxgknb"
    assert column("http://www.x.gov.cn/zfxxgk/zfxxgknb/1.htm") == "/zfxxgk/zfxxgknb"
    # The replica numbers them as VSB does: newest page first, then N-1 … 1 (the oldest).
    (main, _) = replica_sites()["xunyi"].columns
    pages = [main.page_path(k) for k in range(main.page_count())]
    assert pages[0] == "/zfxxgk/zfxxgknb.htm" and pages[-1] == "/zfxxgk/zfxxgknb/1.htm" and len(pages) >= 3
    assert pages[1] == f"/zfxxgk/zfxxgknb/{len(pages) - 1}.htm"


def _page(site, url: str) -> str:
    parts = urlsplit(url)
    response = site.handle(
        ReplicaRequest("GET", parts.hostname, parts.path or "/", dict(parse_qsl(parts.query)), {}, {})
    )
    return decode_page(response.body, response.content_type)[0]


def test_each_replica_platform_is_recognised_from_its_pages_and_never_mistaken():
    for key, site in replica_sites().items():
        platform = registry.site(key).platform
        for doc in site.documents:
            if "attachment" in doc.extra:
                continue
            html = _page(site, doc.url)
            got = detect_platform(html, doc.url)
            # Detail pages of a small CMS, and of the 安徽 template, carry no documented mark of
            # their platform: unknown, never wrong.
            unmarked = platform == "legacy" or (platform == "xxgk_label" and "ewb-article" not in html)
            assert got == platform or (unmarked and got is None), doc.url
        for url in [*registry.site(key).entry, f"http://{site.hosts[0]}/"]:
            assert detect_platform(_page(site, url), url) in (platform, None), url  # a bare home page may say nothing


def test_a_list_page_is_recognised_by_its_many_links_when_its_template_marks_nothing_else():
    rows = "".join(
        f'<li><a href="./2021{month:02d}/t2021{month:02d}15_{4000 + month}.html">某县某局2020年政府信息公开工作年度报告</a></li>'
        for month in range(1, 11)
    )
    trs_list = f"<html><body><ul class='list'>{rows}</ul><div class='page'>共10条</div></body></html>"
    found = detection(trs_list, "http://www.x.gov.cn/zfxxgk/zfxxgknb/")
    assert (found.platform, found.confidence) == ("trs", "likely")
    # One such link is no list: a report linked from a page of any CMS.
    one = "<html><body><a href='./202101/t20210115_4001.html'>年报</a></body></html>"
    assert detection(one).platform is None
    # Signs of another platform beside them: unknown rather than a guess.
    assert detection(trs_list.replace("共10条", "<a href='/info/1042/1606.htm'>x</a>")).platform is None
    vsb_rows = "".join(f'<li><a href="../../info/1042/{1600 + n}.htm">某县年报</a></li>' for n in range(5))
    assert detection(f"<ul>{vsb_rows}</ul>").platform == "vsb"


def test_a_list_whose_later_pages_come_from_the_search_service_is_trs_and_names_its_request():
    rows = "".join(
        f'<li><a href="https://www.x.gov.cn/zwgk/ndbg/2022{m:02d}/t2022{m:02d}03_{900 + m}.htm">某市2021年度报告</a></li>'
        for m in range(1, 6)
    )
    script = (
        "<script>var sid = '8a8b8c8d'; var column = \"4471\";"
        " $.post('/ssp/search/api/apiSearch?apiName=column', {siteId: sid, chnlIdList: column, page: p, rows: 5,"
        " keyWord: word, callback: render});</script>"
    )
    search_box = "<script>$('#go').click(function(){ $.post(\"/ssp/search/api/search\", {siteId: '8a8b8c8d', keyWord: q}); });</script>"
    page = f"<html><body>{search_box}<ul>{rows}</ul>{script}</body></html>"
    found = detection(page, "https://www.x.gov.cn/zwgk/ndbg/")
    # Three weak signs (a list of whole t-date links, t-date links, the search service) add up.
    assert (found.platform, found.confidence) == ("trs", "sure")
    assert detection(page.replace("/ssp/search/api/", "/api/")).confidence == "likely"
    api_url, form = search_api(page, "https://www.x.gov.cn/zwgk/ndbg/")
    assert api_url == "https://www.x.gov.cn/ssp/search/api/apiSearch"
    # Literal values and variables set before; the page number and the script's own names left out.
    assert form == {"siteId": "8a8b8c8d", "chnlIdList": "4471", "rows": "5", "apiName": "column"}
    assert search_api("<script>createPageHTML(2, 0, 'index', 'html');</script>", "http://x.gov.cn/") is None
    assert search_api(search_box, "https://www.x.gov.cn/") is None  # the site's search, no column


def test_the_search_service_answer_gives_links_titles_dates_and_the_page_count():
    answer = (
        '{"page": {"pagecount": 3, "total": 25}, "datas": ['
        '{"_doctitle": "某县<em>2022</em>年政府信息公开工作年度报告 &amp; 附表", "docpuburl": "/a/t20230110_1.htm",'
        ' "docreltime": "2023-01-10 08:00:00"},'
        ' {"title": "no link"}, "odd", {"url": "/a/t20230111_2.htm"}]}'
    )
    entries, count = search_results(answer)
    assert count == 3
    assert entries == [
        {
            "href": "/a/t20230110_1.htm",
            "title": "某县2022年政府信息公开工作年度报告 & 附表",
            "date": "2023-01-10 08:00:00",
        },
        {"href": "/a/t20230111_2.htm", "title": None, "date": None},
    ]
    assert search_results("<html>busy</html>") == ([], None) and search_results("[1]") == ([], None)


def test_platform_modules_and_paging_scripts_decide_alone():
    hanweb = '<a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=2020&area=11332">2020年度报告</a>'
    assert (detection(hanweb).platform, detection(hanweb).confidence) == ("hanweb", "sure")
    trs = "<script>var countPage = 3;</script>"
    assert detection(trs).platform == "trs" and detection(trs).confidence == "sure"


def test_a_page_without_fingerprints_or_with_two_platforms_tied_is_unknown():
    assert detect_platform("<html><body><p>政府信息公开</p></body></html>", "http://www.x.gov.cn/a.html") is None
    both = '<div class="TRS_Editor"></div><div id="vsb_content"></div>'
    assert detect_platform(both) is None


def test_twins_are_one_report_with_their_primary_page():
    desktop = "http://xxgk.sxgp.gov.cn/gpsrmzf/zfxxgknb/202101/t20210122_107060.shtml"
    assert primary_url(desktop.replace(".shtml", "_wap.shtml")) == desktop
    assert report_id(desktop.replace(".shtml", "_wap.shtml")) == report_id(desktop)
    # The replica's by-year folder really links twins, which the spider reads as their desktop pages.
    site = replica_sites()["gaoping"]
    by_year = _page(site, "http://xxgk.sxgp.gov.cn/zfxxgknb/nb_2022n/")
    twins = re.findall(r'href="([^"]+_wap\.shtml)"', by_year)
    assert twins and all(primary_url(t) in {urlsplit(d.url).path for d in site.documents} for t in twins)
    # VSB: a column links some reports by their JSP twin.
    xunyi = replica_sites()["xunyi"]
    listing = _page(xunyi, "http://www.xunyi.gov.cn/zfxxgk/bmxxgknb.htm")
    jsp = [h.replace("&amp;", "&") for h in re.findall(r'href="(/content\.jsp\?[^"]+)"', listing)]
    primary = {primary_url("http://www.xunyi.gov.cn" + h) for h in jsp}
    assert jsp and primary <= {d.url for d in xunyi.documents}
    assert _page(xunyi, "http://www.xunyi.gov.cn" + jsp[0]) == _page(
        xunyi, primary_url("http://www.xunyi.gov.cn" + jsp[0])
    )
