"""Serve the replica portals on 127.0.0.1 as an HTTP proxy that answers by host.

Spiders keep their real start URLs (http://www.yuhuan.gov.cn/…); with ``REPLICA_PROXY`` set, every
request goes to this server, which answers from the replica of that host and never forwards:
an unknown host gets a 502, so nothing ever leaves the machine.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from govreports.replicas import replica_sites
from govreports.replicas.site import ReplicaRequest, ReplicaResponse, ReplicaSite

log = logging.getLogger(__name__)
MAX_BODY = 1 << 20


class ReplicaServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

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
        self.bytes_served = 0
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

    def _answer(self, head: bool = False) -> None:
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
        )
        site = self.server.by_host.get(host)
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
        self.server.bytes_served += 0 if head else len(response.body)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args) -> None:  # quiet: a crawl makes thousands of requests
        log.debug("replica: " + format, *args)


FAULTS = {
    "js_challenge": "every page answers 412 with a JavaScript challenge (瑞数-style)",
    "cookie_waf": "a first visit gets 302 to the same URL with a cookie; with the cookie, the page",
    "disallow_all": "robots.txt says Disallow: /",
    "moved:HOST": "every page answers 301 to the same path on HOST, where the site now lives",
}
_CHALLENGE = b"<html><head><script>var $_ts=window['$_ts'];$_ts.cd='qEtrrAAjh';</script></head><body></body></html>"


def fault_response(fault: str | None, request: ReplicaRequest) -> ReplicaResponse | None:
    """The answer a transport fault gives instead of the page, or None to serve the page."""
    if fault is None:
        return None
    robots = request.path == "/robots.txt"
    if fault == "disallow_all":
        return ReplicaResponse(200, b"User-agent: *\nDisallow: /\n", "text/plain") if robots else None
    if fault == "js_challenge" and not robots:
        return ReplicaResponse(412, _CHALLENGE, "text/html", {"Set-Cookie": "FSSBBIl1UgzbN7N80S=abc; path=/"})
    if fault == "cookie_waf" and "waf_ok=1" not in request.headers.get("Cookie", ""):
        location = request.path + ("?" + urlencode(request.query) if request.query else "")
        return ReplicaResponse(302, b"", "text/html", {"Location": location, "Set-Cookie": "waf_ok=1; path=/"})
    if fault.startswith("moved:"):
        location = f"http://{fault.split(':', 1)[1]}{request.path}" + (
            "?" + urlencode(request.query) if request.query else ""
        )
        return ReplicaResponse(301, b"", "text/html", {"Location": location})
    return None


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
