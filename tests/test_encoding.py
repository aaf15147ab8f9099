"""Pages decode correctly whatever their server claims; what cannot be decoded is flagged."""

import pytest

from govreports.parse.encoding import decode_page
from govreports.replicas import replica_sites

PAGE = (
    "<html><head>{meta}<title>政府信息公开工作年度报告</title></head><body><p>依申请公开政府信息情况</p></body></html>"
)


@pytest.mark.parametrize(
    ("meta", "codec", "header", "expected_encoding", "warnings"),
    [
        ('<meta charset="utf-8">', "utf-8", "text/html; charset=utf-8", "utf-8", []),
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gbk", "text/html", "gb18030", []),
        ('<meta charset="gbk">', "gbk", "text/html; charset=utf-8", "gb18030", ["encoding_header_wrong"]),
        ("", "gbk", "text/html; charset=utf-8", "gb18030", ["encoding_header_wrong"]),
        ("", "gb18030", None, "gb18030", ["encoding_undeclared"]),
        ("", "utf-8", "text/html; charset=gbk", "utf-8", []),  # valid UTF-8 wins over a wrong header
    ],
)
def test_pages_decode_whatever_the_server_says(meta, codec, header, expected_encoding, warnings):
    text, encoding, flags = decode_page(PAGE.format(meta=meta).encode(codec), header)
    assert "依申请公开政府信息情况" in text and "\ufffd" not in text
    assert (encoding, flags) == (expected_encoding, warnings)


def test_bytes_that_decode_under_nothing_are_flagged():
    body = PAGE.format(meta="").encode("utf-8")[:60] + bytes([0x81, 0x20, 0xFF, 0xFE]) * 5
    _, _, flags = decode_page(body, "text/html")
    assert flags == ["mojibake_suspected"]


def test_replica_pages_in_every_encoding_decode_in_the_crawl(demo_records):
    kinds = {"gbk", "gbk-mislabelled", "gbk-undeclared"}
    docs = {
        d.url: d.encoding
        for site in replica_sites().values()
        for d in site.documents
        if d.encoding in kinds and d.is_report and d.extra.get("in_scope", True)  # what the spiders keep
    }
    assert set(docs.values()) == kinds
    found = [r for records in demo_records.values() for r in records if r["url"] in docs]
    assert len(found) == len(docs)
    for record in found:
        assert "政府信息公开" in record["text"] and "\ufffd" not in record["text"], record["url"]
        assert record["http"]["encoding"] == "gb18030"
        if docs[record["url"]] == "gbk-mislabelled":
            assert "encoding_header_wrong" in record["warnings"]
        if docs[record["url"]] == "gbk-undeclared":
            assert "encoding_undeclared" in record["warnings"]
