"""The fetch guard: which hosts a download may reach, and connections that keep to them.

A download may only reach public addresses. Loopback, private, link-local, multicast,
reserved and unspecified addresses (also written as IPv4-mapped IPv6) are refused
unless the host is explicitly allowed. The check is made on the addresses a host name
resolves to, and the connection then goes to a checked address itself, so a name that
resolves differently a moment later (DNS rebinding) cannot slip through. The request
still carries the host name in its ``Host`` header, and for https the name is sent
(SNI) and the certificate is checked against it.

Allowance is by host, as written in the URL: allowing ``127.0.0.1`` allows every port
of ``127.0.0.1`` but not ``localhost``, and allowing ``intranet.example`` allows it
whatever it resolves to.

Every socket read waits at most until the download's deadline (``time.monotonic()``
based), so a server that sends one byte at a time cannot stretch a download past it.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Iterable

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Endpoint = tuple[int, tuple]  # (address family, socket address) as socket.connect takes it

_LABEL = re.compile(r"[a-z0-9_-]{1,63}")
_KINDS = (
    ("is_loopback", "a loopback address"),
    ("is_unspecified", "an unspecified address"),
    ("is_link_local", "a link-local address"),
    ("is_multicast", "a multicast address"),
    ("is_reserved", "a reserved address"),
    ("is_private", "a private address"),
)


class Refused(Exception):
    """The guard does not allow a host: ``why`` it is refused and ``hint`` how to allow it."""

    def __init__(self, why: str, hint: str) -> None:
        super().__init__(f"{why} ({hint})")
        self.why = why
        self.hint = hint


def ip_literal(host: str) -> Address | None:
    """``"127.0.0.1"`` -> that address; ``None`` for a host name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def host_key(host: str) -> str:
    """A host as compared with the allowed hosts: lower case, ASCII (IDNA), no final dot,
    IP literals in their standard form and without brackets.

    Raises ValueError for text that is neither a host name nor an IP literal.
    """
    if not isinstance(host, str):
        raise ValueError(f"not a host name: {host!r}")
    text = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    address = ip_literal(text)
    if address is not None:
        return str(address)
    name = text.lower()
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"not a host name: {host!r}") from None
    labels = name.removesuffix(".").split(".")
    if len(name) > 254 or not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError(f"not a host name: {host!r}")
    return ".".join(labels)


def allowance(hosts: Iterable[str]) -> frozenset[str]:
    """The allowed hosts as :func:`host_key` values."""
    if isinstance(hosts, (str, bytes)):
        raise TypeError("allowed hosts must be a list of hosts, not a single string")
    return frozenset(host_key(host) for host in hosts)


def address_problem(address: Address) -> str | None:
    """Why a download may not reach ``address`` (``"a loopback address"``), or None."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        problem = address_problem(mapped)
        return problem and "an IPv4-mapped " + problem.split(" ", 1)[1]
    for test, kind in _KINDS:
        if getattr(address, test):
            return kind
    if not address.is_global:
        return "a non-public address"
    return None


def resolve(host: str, port: int) -> list[Endpoint]:
    """The addresses of ``host`` from ``socket.getaddrinfo``, in its order, no repeats."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys((family, sockaddr) for family, _, _, _, sockaddr in found))


def endpoints(host: str, port: int, allowed: frozenset[str]) -> list[Endpoint]:
    """Where a connection to ``host`` may go: its addresses, all of them checked.

    ``host`` is a :func:`host_key`. An IP literal is not resolved. Raises
    :class:`Refused` if any address is not public and the host is not ``allowed``,
    and OSError if the name does not resolve.
    """
    literal = ip_literal(host)
    if literal is not None:
        family = socket.AF_INET if literal.version == 4 else socket.AF_INET6
        sockaddr = (host, port) if literal.version == 4 else (host, port, 0, 0)
        found = [(family, sockaddr)]
    else:
        try:
            found = resolve(host, port)
        except socket.gaierror as error:
            raise OSError(f"cannot resolve {host} ({error.strerror or error})") from None
        if not found:
            raise OSError(f"cannot resolve {host} (no addresses)")
    if host in allowed:
        return found
    for _, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0])
        problem = address_problem(address)
        if problem is not None:
            if literal is not None:
                why = f"{host} is {problem}"
            else:
                why = f"{host} resolves to {address}, {problem}"
            raise Refused(why, f"allow it with --allow-host {host}")
    return found


def remaining(deadline: float) -> float:
    """Seconds left until ``deadline``; TimeoutError once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("timed out")
    return left


class _ReadsByDeadline:
    """Before each read, the socket timeout is set to the time left until ``deadline``."""

    deadline: float

    def recv(self, *args, **kwargs):
        self.settimeout(remaining(self.deadline))  # type: ignore[attr-defined]
        return super().recv(*args, **kwargs)  # type: ignore[misc]

    def recv_into(self, *args, **kwargs):
        self.settimeout(remaining(self.deadline))  # type: ignore[attr-defined]
        return super().recv_into(*args, **kwargs)  # type: ignore[misc]


class DeadlineSocket(_ReadsByDeadline, socket.socket):
    """A TCP socket whose reads end at the download's deadline."""


class DeadlineTLSSocket(_ReadsByDeadline, ssl.SSLSocket):
    """A TLS socket whose reads end at the download's deadline."""


def tls_context(cafile: str | None = None) -> ssl.SSLContext:
    """A TLS client context that checks the certificate and the host name it is for.

    Certificates are checked against the system's authorities, or ``cafile``'s.
    """
    context = ssl.create_default_context(cafile=cafile)
    context.set_alpn_protocols(["http/1.1"])
    context.sslsocket_class = DeadlineTLSSocket
    return context


@functools.cache
def default_tls_context() -> ssl.SSLContext:
    """The :func:`tls_context` downloads use (made once)."""
    return tls_context()


def open_socket(found: list[Endpoint], deadline: float) -> DeadlineSocket:
    """A TCP connection to the first of ``found`` that answers before ``deadline``."""
    error: OSError = OSError("no address to connect to")
    for family, sockaddr in found:
        sock = DeadlineSocket(family, socket.SOCK_STREAM)
        sock.deadline = deadline
        try:
            sock.settimeout(remaining(deadline))
            sock.connect(sockaddr)
        except OSError as failure:
            sock.close()
            error = failure
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    raise error


class GuardedConnection(http.client.HTTPConnection):
    """An HTTP connection to ``host`` that goes only to the checked ``found`` addresses."""

    def __init__(self, host: str, port: int, found: list[Endpoint], deadline: float) -> None:
        super().__init__(host, port)
        self.found = found
        self.deadline = deadline

    def connect(self) -> None:
        self.sock = open_socket(self.found, self.deadline)


class GuardedTLSConnection(GuardedConnection):
    """An HTTPS connection: as :class:`GuardedConnection`, then TLS for ``host``."""

    default_port = http.client.HTTPS_PORT

    def connect(self) -> None:
        super().connect()
        self.sock.settimeout(remaining(self.deadline))  # bounds the whole handshake
        tls = default_tls_context().wrap_socket(self.sock, server_hostname=self.host)
        tls.deadline = self.deadline
        self.sock = tls


def connection(scheme: str, host: str, port: int, allowed: frozenset[str], deadline: float):
    """A guarded, not yet connected, connection for an ``http`` or ``https`` URL."""
    found = endpoints(host, port, allowed)
    kind = GuardedTLSConnection if scheme == "https" else GuardedConnection
    return kind(host, port, found, deadline)
