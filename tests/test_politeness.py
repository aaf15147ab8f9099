"""Politeness that a small government server notices: robots.txt Crawl-delay, per host."""

import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import REPO


class _Portal(BaseHTTPRequestHandler):
    """A loopback stand-in for a portal (reached as a proxy): robots.txt with a Crawl-delay,
    and a time stamp for every page request."""

    robots = b"User-agent: *\nCrawl-delay: 0.5\n"
    arrivals: list[float] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path.endswith("/robots.txt"):
            body = type(self).robots
        else:
            type(self).arrivals.append(time.monotonic())
            body = b"<html><body>ok</body></html>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


SPIDER = """
import scrapy
class Probe(scrapy.Spider):
    name = "probe"
    allowed_domains = ["www.haiyan.gov.cn"]
    async def start(self):
        for i in range(6):
            yield scrapy.Request(f"http://www.haiyan.gov.cn/col/col{i}/index.html")
    def parse(self, response):
        pass
"""


@pytest.fixture
def portal():
    _Portal.arrivals = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def _crawl(tmp_path, server, *settings: str) -> list[float]:
    spider = tmp_path / "probe.py"
    spider.write_text(SPIDER, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "runspider",
        str(spider),
        "-s",
        f"REPLICA_PROXY=http://127.0.0.1:{server.server_address[1]}",
    ]
    command += ["-s", "SQLITE_PATH=", "-s", "STATS_DIR=", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]
    command += ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
    for setting in settings:
        command += ["-s", setting]
    subprocess.run(command, cwd=REPO, check=True, capture_output=True, timeout=120)
    return sorted(_Portal.arrivals)


def test_robots_crawl_delay_spaces_requests_to_the_host(tmp_path, portal):
    arrivals = _crawl(tmp_path, portal)
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    assert len(arrivals) == 6 and min(gaps) >= 0.45, gaps
    # Control: Scrapy's own robots middleware, which ignores Crawl-delay, and the replica proxy.
    _Portal.arrivals = []
    scrapy_only = (
        '{"scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": 100,'
        ' "govreports.crawl.replica_proxy.ReplicaProxyMiddleware": 740}'
    )
    plain = _crawl(tmp_path, portal, f"DOWNLOADER_MIDDLEWARES={scrapy_only}")
    assert len(plain) == 6 and min(b - a for a, b in zip(plain, plain[1:], strict=False)) < 0.2


def test_site_overrides_apply_with_their_reason_and_the_command_line_wins():
    from scrapy.settings import Settings

    from govreports.crawl import settings as project_settings
    from spiders.mengzi import MengziSpider
    from spiders.platforms.base import ReportSpider

    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    MengziSpider.update_settings(settings)
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1  # project default is 2

    settings = Settings()
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 8, priority="cmdline")
    MengziSpider.update_settings(settings)
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 8

    class Unexplained(ReportSpider):
        name = "unexplained"
        site_overrides = {"DOWNLOAD_DELAY": (0, " ")}

    with pytest.raises(ValueError, match="needs its reason"):
        Unexplained.update_settings(Settings())
