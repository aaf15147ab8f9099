"""Platform paging rules, as pure functions: the shapes each CMS writes its list pages in."""

from govreports.replicas import replica_sites
from spiders.platforms.trs import pager
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
