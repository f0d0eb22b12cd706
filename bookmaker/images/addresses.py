"""images: the addresses the fetcher may connect to.

A post is untrusted input: an image URL must not make bookmaker call a service on the machine
or its network (a router's admin page, a cloud's metadata address).  So each host is looked up
here, once, every address it has is checked, and the fetcher connects to an address checked
here: no second lookup that a hostile name server could answer differently.
"""

from __future__ import annotations

import ipaddress
import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: NAT64's well-known prefix: the last 32 bits are the IPv4 address a gateway connects to.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class FetchError(Exception):
    """Why an image could not be had from the web, in words for a warning."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def refusal(ip: IPAddress, allow_private: bool) -> str | None:
    """Why bookmaker will not connect to IP ("a loopback address"), or None when it may."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return refusal(embedded, allow_private)
    if ip.is_unspecified or ip.is_multicast:
        return "an unspecified address" if ip.is_unspecified else "a multicast address"
    if ip.is_global:
        return None
    for test, kind, private in (
        (ip.is_loopback, "a loopback address", True),
        (ip.is_link_local, "a link-local address", True),
        (ip.is_reserved, "a reserved address", False),
        (ip.is_private, "a private address", True),
    ):
        if test:
            return None if private and allow_private else kind
    return "not a public address"


def checked_addresses(host: str, port: int, allow_private: bool) -> list[str]:
    """The addresses of HOST, every one checked; FetchError when any is refused (a name that
    also points inside the network is not trusted for its public addresses either)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot find the host {host!r} ({_reason(exc)})") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError(f"cannot find the host {host!r}")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        why = refusal(ip, allow_private)
        if why is not None:
            hint = "" if allow_private else "; images.allow_private = true allows it"
            shown = f"{host} is" if host == address else f"{host} is {address},"
            raise FetchError(f"refused: {shown} {why}{hint}")
    return addresses


def _reason(exc: BaseException) -> str:
    return str(exc.args[1]) if len(exc.args) > 1 else str(exc)
