"""Calling a partner's endpoint without opening a way into our own network.

An endpoint's address is checked twice: when it is registered (`check_url`: the scheme, and
a host that is a private address or names this machine) and at every call, where the host
is resolved and the connection made to an address that was checked (`post`), so that a name
that resolves elsewhere later (DNS rebinding) reaches nothing it should not. Redirects are
never followed (http.client does not follow them). The standard library's http.client is
used directly: it is what urllib.request is built on, minus the proxy settings from the
environment and the redirects, which would both go around the address check.
"""

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from communique.delivery.webhooks import conf

#: The beginning of an answer that is read and kept in the attempt log.
EXCERPT_BYTES = 2048
USER_AGENT = "Communique-Webhooks/1"
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class Refused(Exception):
    """An address we will not call: a permanent failure, never retried."""


@dataclass(frozen=True)
class Answer:
    status: int
    excerpt: str


def address_allowed(address: str) -> bool:
    """Whether a call may connect to this IP address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        # IPv6 forms of an IPv4 address are that address: ::ffff:127.0.0.1, 6to4, NAT64.
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.is_multicast or ip.is_unspecified:
        return False
    return ip.is_global or conf.allow_private_addresses()


def check_url(url: str) -> None:
    """Refuse an address that may not be an endpoint's (raises Refused, saying why)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        raise Refused(_("Only https:// and http:// addresses can receive webhooks."))
    if not parts.hostname:
        raise Refused(_("The address has no host name."))
    if parts.username or parts.password:
        raise Refused(
            _("Leave the user name and password out of the address: the signature proves the call.")
        )
    try:
        parts.port  # noqa: B018  (a port out of range raises here)
    except ValueError as error:
        raise Refused(_("The address's port is not a number from 1 to 65535.")) from error
    host = parts.hostname.rstrip(".").lower()
    if conf.allow_private_addresses():
        return
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        raise Refused(_("The address names this machine; webhooks go to other sites."))
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return  # a name: checked at each call, against what it then resolves to
    if not address_allowed(str(literal)):
        raise Refused(_("Private, loopback and link-local addresses cannot receive webhooks."))


def _addresses(host: str, port: int) -> list[tuple[int, str]]:
    """The host's addresses that may be called; Refused if it has none."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    allowed = []
    for family, _type, _proto, _name, sockaddr in found:
        if address_allowed(sockaddr[0]) and (family, sockaddr[0]) not in allowed:
            allowed.append((family, sockaddr[0]))
    if not allowed:
        raise Refused(
            _("%(host)s resolves only to private, loopback or link-local addresses.")
            % {"host": host}
        )
    return allowed


class _Pinned:
    """Connects to one checked address, whatever the host name resolves to meanwhile."""

    address: str

    def _socket(self):
        return socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPConnection(_Pinned, http.client.HTTPConnection):
    def connect(self):
        self.sock = self._socket()


class _PinnedHTTPSConnection(_Pinned, http.client.HTTPSConnection):
    def connect(self):
        # The certificate is checked against the host name, not the address.
        self.sock = self._context.wrap_socket(self._socket(), server_hostname=self.host)


def _connect(scheme: str, host: str, port: int, timeout: float) -> http.client.HTTPConnection:
    last_error: OSError = ConnectionError(_("No address of %(host)s answered.") % {"host": host})
    for _family, address in _addresses(host, port):
        if scheme == "https":
            connection = _PinnedHTTPSConnection(
                host, port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            connection = _PinnedHTTPConnection(host, port, timeout=timeout)
        connection.address = address
        try:
            connection.connect()
            return connection
        except OSError as error:  # the next address, if the host has another
            connection.close()
            last_error = error
    raise last_error


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    """POST `body` to `url`; the answer's status and the beginning of its body.

    Raises Refused (never to be retried), or OSError / http.client.HTTPException for a call
    that may succeed later (no answer in time, connection refused, a garbled answer). Each
    network step has `timeout` seconds, and the whole call three times that.
    """
    check_url(url)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + 3 * timeout
    connection = _connect(parts.scheme, parts.hostname, port, timeout)
    # A receiver that answers a byte at a time keeps each read under the timeout: the
    # watchdog ends the call when the whole of it has run out of time.
    watchdog = threading.Timer(max(deadline - time.monotonic(), 0.1), _cut, [connection])
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request("POST", path, body=body, headers={"User-Agent": USER_AGENT, **headers})
        response = connection.getresponse()
        excerpt = response.read(EXCERPT_BYTES)
    except (OSError, http.client.HTTPException) as error:
        if time.monotonic() >= deadline:
            raise TimeoutError(
                _("The call took longer than %(seconds)g s.") % {"seconds": 3 * timeout}
            ) from error
        raise
    finally:
        watchdog.cancel()
        connection.close()
    return Answer(response.status, excerpt.decode("utf-8", "replace"))


def _cut(connection: http.client.HTTPConnection) -> None:
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # closed already
