"""Serve the replica portals on 127.0.0.1 as an HTTP proxy that answers by host.

Spiders keep their real start URLs (http://www.yuhuan.gov.cn/…); with ``REPLICA_PROXY`` set, every
request goes to this server, which answers from the replica of that host and never forwards:
an unknown host gets a 502, so nothing ever leaves the machine.
"""

from __future__ import annotations

import logging
import ssl
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from govreports.replicas import replica_sites
from govreports.replicas.site import ReplicaRequest, ReplicaResponse, ReplicaSite
from govreports.replicas.tls import expired_context, host_context

log = logging.getLogger(__name__)
MAX_BODY = 1 << 20


class ReplicaServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024  # a crawl of many hosts opens many connections at once (the default is 5)

    def __init__(
        self, port: int = 0, sites: dict[str, ReplicaSite] | None = None, faults: dict[str, str] | None = None
    ) -> None:
        sites = replica_sites() if sites is None else sites
        self.by_host = {host: site for site in sites.values() for host in site.hosts}
        # host → the transport fault it shows (see FAULTS); "moved:NEW" also serves the site at NEW.
        self.faults = dict(faults or {})
        for host, fault in self.faults.items():
            if fault.startswith("moved:"):
                self.by_host[fault.split(":", 1)[1]] = self.by_host[host]
        self.requests_served = 0
        self.statuses: Counter[int] = Counter()  # responses by HTTP status
        self.paths: Counter[tuple[str, str]] = Counter()  # requests by (host, path)
        self.bytes_served = 0
        self.files_served = 0  # documents (PDF, Office files) sent whole
        # Cleared, requests wait unanswered until it is set: lets a test start several crawlers
        # and release them together.
        self.answering = threading.Event()
        self.answering.set()
        super().__init__(("127.0.0.1", port), ReplicaHandler)

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class ReplicaHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ReplicaServer

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_CONNECT(self) -> None:
        """An https:// URL through the proxy: only for a host whose fault is ``tls_expired`` (then
        served with an expired certificate) or ``https``; anything else gets a 502."""
        host = self.path.rsplit(":", 1)[0].lower()
        fault = self.server.faults.get(host)
        if fault not in ("tls_expired", "https") or host not in self.server.by_host:
            self.send_error(502, "replica: no TLS replica for this host; not forwarded")
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        context = expired_context() if fault == "tls_expired" else host_context(host)
        try:
            tunnel = context.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.close_connection = True
            return
        self.connection, self.tls = tunnel, True
        self.rfile, self.wfile = tunnel.makefile("rb"), tunnel.makefile("wb", buffering=0)
        self.close_connection = False
        while not self.close_connection:
            self.handle_one_request()

    def _answer(self, head: bool = False) -> None:
        self.server.answering.wait()
        target = urlsplit(self.path)
        host = (target.hostname or self.headers.get("Host", "").split(":")[0]).lower()
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        raw_form = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        request = ReplicaRequest(
            method=self.command,
            host=host,
            path=target.path or "/",
            query=dict(parse_qsl(target.query)),
            form=dict(parse_qsl(raw_form)),
            headers=dict(self.headers),
            tls=getattr(self, "tls", False),
        )
        site = self.server.by_host.get(host)
        if self.server.faults.get(host) == "huge_files" and request.path.endswith((".pdf", ".docx", ".doc")):
            self._stream_huge()
            return
        fault = fault_response(self.server.faults.get(host), request)
        if fault is not None:
            response = fault
        elif site is None:
            response = ReplicaResponse(
                502, f"replica: no replica for host {host!r}; not forwarded".encode(), "text/plain"
            )
        else:
            try:
                response = site.handle(request)
            except Exception:  # a replica bug must show up as a 500, not kill the server thread
                log.exception("replica %s failed on %s", site.key, self.path)
                response = ReplicaResponse(500, b"replica error", "text/plain")
        self.server.requests_served += 1
        self.server.statuses[response.status] += 1
        self.server.paths[host, request.path] += 1
        self.server.bytes_served += 0 if head else len(response.body)
        if response.status == 200 and not response.content_type.startswith(("text/", "application/json")):
            self.server.files_served += 1
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(response.body)

    def _stream_huge(self, size: int = 200 * 1024 * 1024) -> None:
        """Announce ``size`` bytes of PDF and send them until the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk, sent = b"%PDF-1.4\n" + b"0" * 65526, 0
        try:
            while sent < size:
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:  # the crawler hung up: what we want
            self.close_connection = True
        self.server.requests_served += 1
        self.server.bytes_served += sent

    def log_message(self, format: str, *args) -> None:  # quiet: a crawl makes thousands of requests
        log.debug("replica: " + format, *args)


FAULTS = {
    "js_challenge": "every page answers 412 with a JavaScript challenge (瑞数-style)",
    "cookie_waf": "a first visit gets 302 to the same URL with a cookie; with the cookie, the page",
    "disallow_all": "robots.txt says Disallow: /",
    "robots_403": "robots.txt answers 403 with a WAF page (whose text happens to say Disallow: /)",
    "robots_404": "robots.txt answers 404",
    "robots_503": "robots.txt answers 503: the server cannot say what it allows",
    "js_shell": "every HTML page is a script shell that builds its list in the browser (Hanweb datacall)",
    "tls_expired": "http:// answers 301 to https://, served with a certificate that expired in 2023",
    "https": "served over https:// too (a self-signed certificate), as well as http://",
    "huge_files": "every attachment announces and streams 200 MB (a cap must stop it early)",
    "moved:HOST": "every page answers 301 to the same path on HOST, where the site now lives",
}
_SHELL = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府信息公开年报</title>"
    "<script src='/module/jslib/jquery/jquery.js'></script><script src='/module/datacall/datacall.js'></script>"
    "</head><body><div id='app'></div><script>$(function(){datacall.load({col:'1229', target:'#app',"
    " url:'/module/web/jpage/dataproxy.jsp', perpage:15});});</script></body></html>"
).encode()
_WAF_403 = "<html><body><h1>403 Forbidden</h1>\n<pre>\n访问被拒绝\nDisallow: /\n</pre></body></html>".encode()
_CHALLENGE = b"<html><head><script>var $_ts=window['$_ts'];$_ts.cd='qEtrrAAjh';</script></head><body></body></html>"


def fault_response(fault: str | None, request: ReplicaRequest) -> ReplicaResponse | None:
    """The answer a transport fault gives instead of the page, or None to serve the page."""
    if fault is None:
        return None
    robots = request.path == "/robots.txt"
    if fault == "disallow_all":
        return ReplicaResponse(200, b"User-agent: *\nDisallow: /\n", "text/plain") if robots else None
    if fault.startswith("robots_"):
        status = int(fault.split("_")[1])
        return ReplicaResponse(status, _WAF_403 if status == 403 else b"", "text/html") if robots else None
    if fault == "js_shell":
        return None if robots else ReplicaResponse(200, _SHELL, "text/html; charset=utf-8")
    if fault == "tls_expired":
        if request.tls or robots:
            return None
        return ReplicaResponse(301, b"", "text/html", {"Location": f"https://{request.host}{_target(request)}"})
    if fault == "js_challenge" and not robots:
        return ReplicaResponse(412, _CHALLENGE, "text/html", {"Set-Cookie": "FSSBBIl1UgzbN7N80S=abc; path=/"})
    if fault == "cookie_waf" and "waf_ok=1" not in request.headers.get("Cookie", ""):
        return ReplicaResponse(302, b"", "text/html", {"Location": _target(request), "Set-Cookie": "waf_ok=1; path=/"})
    if fault.startswith("moved:"):
        return ReplicaResponse(
            301, b"", "text/html", {"Location": f"http://{fault.split(':', 1)[1]}{_target(request)}"}
        )
    return None


def _target(request: ReplicaRequest) -> str:
    return request.path + ("?" + urlencode(request.query) if request.query else "")


@contextmanager
def running_replicas(
    port: int = 0, sites: dict[str, ReplicaSite] | None = None, faults: dict[str, str] | None = None
) -> Iterator[ReplicaServer]:
    """Serve the replicas in a background thread for the duration of the block."""
    server = ReplicaServer(port, sites, faults)
    thread = threading.Thread(target=server.serve_forever, name="replica-server", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
