"""The fetch guard and the download deadline (storyline.ingest.url and .guard).

Every server here listens on 127.0.0.1. No test sends traffic anywhere else or asks
real DNS: host names go through a replaced resolver, and an audit hook fails any test
that connects to another address or calls ``socket.getaddrinfo``.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storyline.ingest import IngestConfig, guard, read
from storyline.ingest.url import fetch
from storyline.model import RawDocument, Rejected

PAGE = b"<!DOCTYPE html><html><head><title>Storm</title></head><body><p>A storm hit.</p></body>"
LOCAL = ("127.0.0.1",)
LOOPBACK_REFUSED = "refused: 127.0.0.1 is a loopback address (allow it with --allow-host 127.0.0.1)"

# --- the network watch: connections and DNS look-ups made by the code under test ------

_watched: list[tuple[str, object]] | None = None
_hooked = False


def _audit(event: str, args: tuple) -> None:
    if _watched is not None and event in ("socket.connect", "socket.getaddrinfo"):
        _watched.append((event, args[1] if event == "socket.connect" else args[0]))


@pytest.fixture(autouse=True)
def network():
    """The connections made during the test; fails it on traffic off 127.0.0.1 or real DNS."""
    global _watched, _hooked
    if not _hooked:
        sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only when watching
        _hooked = True
    _watched = []
    events = _watched
    yield events
    _watched = None
    assert not [e for e in events if e[0] == "socket.getaddrinfo"], f"real DNS look-up: {events}"
    elsewhere = [e for e in events if e[0] == "socket.connect" and e[1][0] != "127.0.0.1"]
    assert not elsewhere, f"connected off loopback: {elsewhere}"


def connected_ports(events) -> list[int]:
    return [address[1] for event, address in events if event == "socket.connect"]


@pytest.fixture
def resolver(monkeypatch):
    """Replace DNS: ``names[host]`` lists the addresses; returns the look-ups made."""
    names: dict[str, list[str]] = {}
    asked: list[tuple[str, int]] = []

    def resolve(host: str, port: int):
        asked.append((host, port))
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET, (a, port)) if ":" not in a else (socket.AF_INET6, (a, port, 0, 0))
            for a in names[host]
        ]

    monkeypatch.setattr(guard, "resolve", resolve)
    return names, asked


# --- local servers ------------------------------------------------------------------


@dataclasses.dataclass
class Site:
    base: str
    port: int
    seen: list[tuple[str, str]]  # (path, Host header) of each request


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # clients that hang up on purpose
        pass


Route = Callable[[BaseHTTPRequestHandler], None]


def page(body: bytes = PAGE, content_type: str = "text/html; charset=utf-8") -> Route:
    def route(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str, status: int = 302) -> Route:
    def route(handler):
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


@pytest.fixture
def serve():
    """``serve(routes)`` starts a server on 127.0.0.1; all are stopped after the test."""
    servers: list[_Server] = []

    def start(routes: dict[str, Route], tls: ssl.SSLContext | None = None) -> Site:
        seen: list[tuple[str, str]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append((self.path, self.headers.get("Host", "")))
                route = routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                else:
                    route(self)

            def log_message(self, *args):
                pass

        server = _Server(("127.0.0.1", 0), Handler)
        if tls is not None:
            server.socket = tls.wrap_socket(
                server.socket, server_side=True, do_handshake_on_connect=False
            )
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        scheme = "https" if tls else "http"
        return Site(f"{scheme}://127.0.0.1:{server.server_port}", server.server_port, seen)

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def drip(stop: threading.Event, head: bytes, body: bytes, every: float) -> Route:
    """Send ``head`` at once, then ``body`` one byte every ``every`` seconds."""

    def route(handler):
        handler.wfile.write(head)
        handler.wfile.flush()
        for byte in body:
            if stop.wait(every):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()

    return route


# --- the address policy -------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.0.0.1", "a private address"),
        ("172.16.5.4", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fc00::1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "a non-public address"),
        ("::ffff:127.0.0.1", "an IPv4-mapped loopback address"),
        ("::ffff:10.1.2.3", "an IPv4-mapped private address"),
        ("::ffff:169.254.1.1", "an IPv4-mapped link-local address"),
        ("93.184.216.34", None),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:93.184.216.34", None),
    ],
)
def test_address_policy(address, problem):
    assert guard.address_problem(ipaddress.ip_address(address)) == problem


def test_public_name_resolves_to_its_checked_addresses(resolver):
    names, asked = resolver
    names["news.example"] = ["93.184.216.34", "2606:2800:220:1::1"]
    found = guard.endpoints("news.example", 443, frozenset())
    assert found == [
        (socket.AF_INET, ("93.184.216.34", 443)),
        (socket.AF_INET6, ("2606:2800:220:1::1", 443, 0, 0)),
    ]
    assert asked == [("news.example", 443)]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.1/", "10.0.0.1 is a private address (allow it with --allow-host 10.0.0.1)"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("https://[fe80::1]/", "fe80::1 is a link-local address (allow it with --allow-host fe80::1"),
        ("http://224.0.0.1:8080/", "224.0.0.1 is a multicast address"),
        ("http://0.0.0.0/", "0.0.0.0 is an unspecified address"),
        ("http://[::]/", ":: is an unspecified address"),
        ("http://[::ffff:10.0.0.1]/", "::ffff:a00:1 is an IPv4-mapped private address"),
        ("http://240.1.2.3/", "240.1.2.3 is a reserved address"),
    ],
)
def test_non_public_address_is_refused_without_connecting(url, reason, resolver, network):
    result = fetch(url, 1000, 1.0)
    assert isinstance(result, Rejected) and result.source == url
    assert result.reason.startswith("refused: " + reason)
    assert network == [] and resolver[1] == []


def test_name_resolving_to_a_non_public_address_is_refused(resolver, network):
    names, asked = resolver
    names["news.example"] = ["93.184.216.34", "127.0.0.1"]  # one bad address is enough
    result = fetch("http://News.Example:8000/a", 1000, 1.0)
    assert result == Rejected(
        "http://News.Example:8000/a",
        "refused: news.example resolves to 127.0.0.1, a loopback address "
        "(allow it with --allow-host news.example)",
    )
    assert asked == [("news.example", 8000)] and network == []


# --- allowance ----------------------------------------------------------------------


def test_loopback_is_refused_without_allowance(serve, network):
    site = serve({"/page": page()})
    assert fetch(f"{site.base}/page", 1000, 1.0) == Rejected(f"{site.base}/page", LOOPBACK_REFUSED)
    assert site.seen == [] and network == []


def test_allowed_host_is_fetched(serve):
    site = serve({"/page": page()})
    url = f"{site.base}/page"
    doc = fetch(url, 1000, 1.0, LOCAL)
    body = PAGE.decode()
    assert doc == RawDocument(id=url, source=url, kind="html", body=body, meta={"url": url})
    assert site.seen == [("/page", f"127.0.0.1:{site.port}")]


def test_read_passes_the_allowance_from_the_config(serve):
    site = serve({"/page": page()})
    url = f"{site.base}/page"
    [refused] = read([url], IngestConfig())
    [fetched] = read([url], IngestConfig(allow_hosts=["127.0.0.1"]))
    assert refused == Rejected(url, LOOPBACK_REFUSED)
    assert isinstance(fetched, RawDocument) and len(site.seen) == 1


def test_allowed_name_connects_to_the_address_it_resolved_once(serve, resolver, network):
    site = serve({"/page": page()})
    names, asked = resolver
    names["news.example"] = ["127.0.0.1"]
    url = f"http://NEWS.example:{site.port}/page"
    doc = fetch(url, 1000, 1.0, ["News.Example."])  # case and a final dot do not matter
    assert isinstance(doc, RawDocument)
    assert asked == [("news.example", site.port)]  # no second look-up to connect
    assert site.seen == [("/page", f"news.example:{site.port}")]  # the Host header is the name
    assert connected_ports(network) == [site.port]


def test_environment_proxies_are_ignored(serve, monkeypatch):
    site = serve({"/page": page()})
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("no_proxy", raising=False)
    assert isinstance(fetch(f"{site.base}/page", 1000, 1.0, LOCAL), RawDocument)


# --- redirects ----------------------------------------------------------------------


def test_redirect_to_another_port_of_an_allowed_host_is_followed(serve):
    target = serve({"/page": page()})
    start = serve({"/go": redirect(f"{target.base}/page")})
    doc = fetch(f"{start.base}/go", 1000, 1.0, LOCAL)
    assert isinstance(doc, RawDocument) and doc.meta == {"url": f"{target.base}/page"}
    assert doc.id == f"{start.base}/go"


def test_redirect_to_a_host_that_is_not_allowed_is_refused(serve, resolver, network):
    target = serve({"/page": page()})
    names, _ = resolver
    names["localhost"] = ["127.0.0.1"]
    elsewhere = f"http://localhost:{target.port}/page"
    start = serve({"/local": redirect(elsewhere), "/private": redirect("http://10.0.0.1/x")})
    local = fetch(f"{start.base}/local", 1000, 1.0, LOCAL)
    private = fetch(f"{start.base}/private", 1000, 1.0, LOCAL)
    assert local.reason == (
        f"refused: redirect to {elsewhere} (localhost resolves to 127.0.0.1, a loopback "
        "address; allow it with --allow-host localhost)"
    )
    assert private.reason == (
        "refused: redirect to http://10.0.0.1/x (10.0.0.1 is a private address; "
        "allow it with --allow-host 10.0.0.1)"
    )
    assert target.seen == [] and connected_ports(network) == [start.port, start.port]


def test_redirect_to_ftp_is_refused(serve, network):
    start = serve({"/ftp": redirect("ftp://127.0.0.1:8767/x")})
    result = fetch(f"{start.base}/ftp", 1000, 1.0, LOCAL)
    assert result.reason == (
        "refused: redirect to ftp://127.0.0.1:8767/x (only http and https are fetched)"
    )
    assert connected_ports(network) == [start.port]


def test_first_url_must_be_http_or_https(network):
    url = "ftp://127.0.0.1:8767/x"
    assert fetch(url, 1000, 1.0, LOCAL) == Rejected(
        url, f"refused: {url} (only http and https are fetched)"
    )
    assert network == []


def test_redirect_loop_has_a_one_line_reason(serve):
    site = serve({"/a": redirect("/b", 301), "/b": redirect("/a", 307)})
    result = fetch(f"{site.base}/a", 1000, 1.0, LOCAL)
    assert result.reason == f"redirect loop (back to {site.base}/a)"
    assert [path for path, _ in site.seen] == ["/a", "/b"]


@pytest.mark.parametrize(("hops", "fetched"), [(5, True), (6, False)])
def test_at_most_five_redirects_are_followed(serve, hops, fetched):
    routes = {f"/r{n}": redirect(f"/r{n + 1}", 303) for n in range(hops)}
    site = serve({**routes, f"/r{hops}": page()})
    result = fetch(f"{site.base}/r0", 1000, 1.0, LOCAL)
    if fetched:
        assert isinstance(result, RawDocument) and result.meta == {"url": f"{site.base}/r{hops}"}
    else:
        assert result.reason == "too many redirects (more than 5)"
        assert len(site.seen) == 6


# --- malformed URLs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://[::1", "Invalid IPv6 URL"),
        ("http://", "no host name"),
        ("https://:80/", "no host name"),
        ("http:///path", "no host name"),
        ("http://exa mple.com/", "contains a space or control character"),
        ("http://news.example/a\nb", "contains a space or control character"),
        ("http://news.example:99999/", "Port out of range"),
        ("http://news.example:http/", "Port could not be cast"),
        ("http://news.example:0/", "port 0"),
        ("http://a..b/", "not a host name"),
        ("http://exa%20mple.com/", "not a host name"),
        ("http://[::1]x/", "not a host and port"),
        ("http://news.example:80:80/", "not a host and port"),
    ],
)
def test_malformed_url_is_rejected_not_raised(url, why, resolver, network):
    result = fetch(url, 1000, 1.0)
    assert isinstance(result, Rejected) and result.source == url
    assert result.reason.startswith("malformed URL (") and why in result.reason
    assert "\n" not in result.reason
    assert network == [] and resolver[1] == []


def test_malformed_url_does_not_stop_the_run(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text("A storm hit the coast on Monday.\n")
    items = list(read(["http://[::1", str(good)]))
    assert items[0] == Rejected("http://[::1", "malformed URL (Invalid IPv6 URL)")
    assert isinstance(items[1], RawDocument)


# --- the deadline -------------------------------------------------------------------


@pytest.fixture
def stop():
    event = threading.Event()
    yield event
    event.set()


def test_slow_body_stops_at_the_deadline(serve, stop):
    head = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n\r\n"
    site = serve({"/drip": drip(stop, head, b"x" * 40, 0.3)})
    started = time.monotonic()
    result = fetch(f"{site.base}/drip", 1000, 1.0, LOCAL)
    took = time.monotonic() - started
    assert result.reason == "cannot fetch: timed out after 1 s"
    assert 0.9 <= took < 1.5


def test_slow_headers_stop_at_the_deadline(serve, stop):
    headers = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nX-Filler: " + b"y" * 40
    site = serve({"/drip": drip(stop, b"", headers, 0.3)})
    started = time.monotonic()
    result = fetch(f"{site.base}/drip", 1000, 1.0, LOCAL)
    assert result.reason == "cannot fetch: timed out after 1 s"
    assert time.monotonic() - started < 1.5


def test_the_deadline_covers_all_redirects(serve, stop):
    def slow_redirect(location):
        def route(handler):
            stop.wait(0.4)
            redirect(location)(handler)

        return route

    routes = {f"/s{n}": slow_redirect(f"/s{n + 1}") for n in range(3)}
    site = serve({**routes, "/s3": page()})
    started = time.monotonic()
    result = fetch(f"{site.base}/s0", 1000, 1.0, LOCAL)  # each hop alone is well in time
    assert result.reason == "cannot fetch: timed out after 1 s"
    assert time.monotonic() - started < 1.5


# --- what the server sends ----------------------------------------------------------


def test_http_error_status(serve):
    site = serve({})
    assert fetch(f"{site.base}/missing", 1000, 1.0, LOCAL).reason == "HTTP 404 Not Found"


def test_declared_length_over_the_limit_is_refused_before_reading(serve, stop):
    head = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n"
    site = serve({"/big": drip(stop, head, b"x" * 50, 0.3)})  # the body would take 15 s
    started = time.monotonic()
    result = fetch(f"{site.base}/big", 1000, 5.0, LOCAL)
    assert result.reason == "too large (5.0 KB > 1.0 KB limit; raise --max-bytes)"
    assert time.monotonic() - started < 1.0


def test_undeclared_body_over_the_limit_is_refused(serve):
    def unsized(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()
        handler.wfile.write(b"word " * 1000)

    site = serve({"/big": unsized})
    result = fetch(f"{site.base}/big", 1000, 1.0, LOCAL)
    assert result.reason == "too large (more than the 1.0 KB limit; raise --max-bytes)"


# --- https --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for news.example (needs the openssl command)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=news.example",
         "-addext", "subjectAltName=DNS:news.example"],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_site(serve, certificate, resolver):
    """An https server for news.example (resolved to 127.0.0.1); yields it and the SNI names."""
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names_sent: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names_sent.append(name)
    site = serve({"/page": page()}, tls=context)
    resolver[0]["news.example"] = ["127.0.0.1"]
    resolver[0]["other.example"] = ["127.0.0.1"]
    return site, names_sent


def test_https_checks_the_certificate(tls_site):
    site, _ = tls_site
    result = fetch(f"https://news.example:{site.port}/page", 1000, 2.0, ["news.example"])
    assert "certificate verify failed" in result.reason and site.seen == []


def test_https_sends_the_name_and_checks_it(tls_site, certificate, monkeypatch):
    site, names_sent = tls_site
    trusting = guard.tls_context(str(certificate[0]))
    monkeypatch.setattr(guard, "default_tls_context", lambda: trusting)
    allowed = ["news.example", "other.example"]
    doc = fetch(f"https://news.example:{site.port}/page", 1000, 2.0, allowed)
    wrong = fetch(f"https://other.example:{site.port}/page", 1000, 2.0, allowed)
    assert isinstance(doc, RawDocument) and doc.kind == "html"
    assert site.seen == [("/page", f"news.example:{site.port}")]
    assert names_sent == ["news.example", "other.example"]
    assert wrong.reason.startswith("cannot fetch:") and "other.example" in wrong.reason


# --- the setting --------------------------------------------------------------------


def test_allow_hosts_setting_is_normalised_and_hashable():
    config = IngestConfig(allow_hosts=["LocalHost.", "[::1]", "127.0.0.1", "localhost"])
    assert config.allow_hosts == ("localhost", "::1", "127.0.0.1")
    assert hash(config) == hash(IngestConfig(allow_hosts=("localhost", "::1", "127.0.0.1")))
    assert IngestConfig().allow_hosts == ()


@pytest.mark.parametrize(
    ("hosts", "message"),
    [
        ("127.0.0.1", "allow_hosts must be a list or tuple"),
        ({"127.0.0.1"}, "allow_hosts must be a list or tuple"),
        (["127.0.0.1:8000"], "no port"),
        ([""], "allow_hosts must hold host names"),
        (["news example"], "allow_hosts must hold host names"),
        ([1], "allow_hosts must hold host names"),
    ],
)
def test_allow_hosts_setting_rejects_bad_values(hosts, message):
    with pytest.raises(ValueError, match=message):
        IngestConfig(allow_hosts=hosts)
