"""Hostile transport, named clearly: each fault counted with its own stats key, logged once per
host in a plain sentence, and never turned into a report."""

import json
import subprocess

import pytest

from govreports.replicas import replica_sites
from govreports.replicas.server import running_replicas
from tests.conftest import REPO, crawl_command


def _crawl(tmp_path, spider: str, faults: dict[str, str]):
    with running_replicas(faults=faults) as server:
        command = crawl_command(
            spider, server.proxy_url, tmp_path / "r.sqlite", f"STATS_DIR={tmp_path}", "RETRY_ENABLED=0"
        )
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    (stats_file,) = tmp_path.glob(f"{spider}-*.json")
    return result, json.loads(stats_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("fault", "key", "sentence"),
    [
        ("js_challenge", "transport/js_challenge", "answers with a JavaScript challenge (412"),
        ("disallow_all", "transport/robots_disallow_all", "robots.txt disallows the whole site to us"),
        ("js_shell", "transport/js_shell", "whose content a script builds in the browser"),
        ("robots_503", "transport/robots_unreachable", "robots.txt answered 503, so the site's rules are unknown"),
    ],
)
def test_a_blocked_or_unreadable_portal_is_named_counted_and_yields_nothing(tmp_path, fault, key, sentence):
    result, stats = _crawl(tmp_path, "haiyan", {"www.haiyan.gov.cn": fault})
    assert stats[key] >= 1 and stats["run/reports"] == 0
    assert result.stderr.count(sentence) == 1  # once per host, however many pages
    assert result.returncode == 2  # an empty crawl fails


def test_a_cookie_wall_is_passed_and_named(tmp_path):
    result, stats = _crawl(tmp_path, "haiyan", {"www.haiyan.gov.cn": "cookie_waf"})
    assert stats["transport/cookie_redirect"] >= 1
    assert stats["run/reports"] == len(replica_sites()["haiyan"].ground_truth())
    assert result.stderr.count("sets a cookie and redirects to the same page") == 1 and result.returncode == 0


def test_a_portal_that_moved_host_is_followed_and_named(tmp_path):
    result, stats = _crawl(tmp_path, "mengzi", {"www.hh.gov.cn": "moved:zwgk.hh.gov.cn"})
    assert stats["transport/moved_host"] >= 1
    assert stats["run/reports"] == len(replica_sites()["mengzi"].ground_truth())
    assert result.stderr.count("www.hh.gov.cn has moved to zwgk.hh.gov.cn (301)") == 1


@pytest.mark.parametrize(
    ("fault", "key", "sentence"),
    [
        # The 403 page's text says "Disallow: /": read as rules, it would close the site.
        ("robots_403", "transport/robots_unavailable", "robots.txt answered 403, so it sets no rules"),
        ("robots_404", "transport/robots_unavailable", "robots.txt answered 404, so it sets no rules"),
        ("tls_expired", "transport/tls_expired", "serves an expired TLS certificate (valid until 2023-06-30)"),
    ],
)
def test_a_portal_with_a_lapse_is_crawled_whole_and_named(tmp_path, fault, key, sentence):
    result, stats = _crawl(tmp_path, "haiyan", {"www.haiyan.gov.cn": fault})
    assert stats[key] >= 1
    assert stats["run/reports"] == len(replica_sites()["haiyan"].ground_truth())
    assert result.stderr.count(sentence) == 1 and result.returncode == 0


def test_script_shells_are_told_from_real_pages():
    from govreports.crawl.transport import is_script_shell
    from govreports.replicas.server import _SHELL

    assert is_script_shell(_SHELL.decode())
    page = replica_sites()["haiyan"]
    truth = page.ground_truth()[0]
    from urllib.parse import urlsplit

    from govreports.replicas.site import ReplicaRequest

    url = urlsplit(truth["url"])
    body = page.handle(ReplicaRequest("GET", url.hostname, url.path, {}, {}, {})).body
    assert not is_script_shell(body.decode("utf-8", "replace"))
    assert not is_script_shell(
        "<html><body>" + "<p>政府信息公开工作年度报告正文</p>" * 30 + "<script>x()</script></body></html>"
    )
