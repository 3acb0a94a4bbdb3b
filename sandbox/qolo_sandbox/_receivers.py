"""Where webhooks may go: the checks on a receiver URL, and the address a delivery connects to.

Three rules, checked when a subscription is created or updated (a refusal is a 400
`webhook_url_refused` that names the rule) and again before every ping and delivery, because
a name may resolve elsewhere by then:

- `credentials`: a URL with a user name or password (`https://user:pw@host/`) is refused; such
  secrets belong in the subscription's `headers`, which are never shown to read-only tokens.
- `sandbox`: the sandbox never delivers to itself: a URL whose port is the sandbox's and whose
  host resolves to an address of this machine (loopback, `0.0.0.0`, `::`, an interface's
  address, in any spelling: `localhost`, `127.1`, `[::ffff:127.0.0.1]`...). Otherwise a
  subscription to `/_sandbox/reset` would wipe everything with its ping.
- `allow-list`: with `--webhook-allow`, the host must be one of its names (`*.example.com`
  also matches subdomains) or every address it resolves to must be inside one of its
  networks. Without it, every other receiver is allowed (local development needs loopback).

A plain-HTTP delivery then connects to the address that was checked (`Target.urls`), not to a
fresh resolution, so a name cannot pass the check and then resolve to the sandbox; an HTTPS one
connects by name, and only a server holding the name's certificate can answer it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

__all__ = ["Policy", "Refused", "Target", "parse_allow_entry", "resolve"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Refused(Exception):
    """A receiver URL the rules refuse; `rule` names the rule, `detail` explains it."""

    def __init__(self, rule: str, detail: str) -> None:
        super().__init__(detail)
        self.rule = rule
        self.detail = detail


def parse_allow_entry(entry: str) -> str | Network:
    """One `--webhook-allow` entry: a network (`10.0.0.0/8`, an address) or a host name.

    ValueError for what is neither (a name needs letters or digits, dots and hyphens only).
    """
    text = entry.strip().lower().rstrip(".")
    if not text:
        raise ValueError("an empty entry")
    with contextlib.suppress(ValueError):
        return ipaddress.ip_network(text.strip("[]"), strict=False)
    name = text.removeprefix("*.")
    labels = name.split(".")
    if not all(label and all(c.isalnum() or c == "-" for c in label) for label in labels):
        raise ValueError(f"{entry!r} is neither a host name nor an address or network (CIDR)")
    return text


class Policy:
    """The rules: the sandbox's own port, and the `--webhook-allow` entries (empty: all).

    ValueError (from `parse_allow_entry`) for an entry that is no name, address or network.
    """

    def __init__(self, own_port: int | None = None, allow: tuple[str, ...] = ()) -> None:
        self.own_port = own_port
        entries = [parse_allow_entry(entry) for entry in allow]
        self.restricted = bool(entries)
        self._names = [e for e in entries if isinstance(e, str)]
        self._networks = [e for e in entries if not isinstance(e, str)]

    def allows(self, host: str, addresses: list[IPAddress]) -> bool:
        """Whether the allow list names `host`, or holds every address it resolves to."""
        if not self.restricted:
            return True
        for name in self._names:
            if host == name or (name.startswith("*.") and host.endswith(name[1:])):
                return True
        return bool(addresses) and all(
            any(address.version == net.version and address in net for net in self._networks)
            for address in addresses
        )


@dataclass(frozen=True, slots=True)
class Target:
    """A checked receiver: the URL as given and the checked addresses to connect to.

    No addresses: the name did not resolve, and nothing is sent (a later resolution could
    point anywhere, the sandbox included).
    """

    url: httpx.URL
    addresses: tuple[str, ...]

    def urls(self) -> list[tuple[httpx.URL, dict[str, str]]]:
        """Where to connect, in order, each with the headers that keep the URL's identity.

        Plain HTTP connects to each checked address in turn, sending the URL's `Host`. HTTPS
        connects by name: the certificate must match the name, so a name that resolves
        elsewhere by then cannot reach anything but a server holding its certificate (not
        the sandbox, which speaks no TLS), and connections are never shared between names.
        """
        if not self.addresses:
            return []
        if self.url.scheme == "https":
            return [(self.url, {})]
        host = {"Host": self.url.netloc.decode("ascii")}
        return [(self.url.copy_with(host=address), host) for address in self.addresses]


def _unmapped(address: IPAddress) -> IPAddress:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_this_machine(address: IPAddress) -> bool:
    """Loopback, unspecified, or an address a socket here can bind to (an interface's)."""
    if address.is_loopback or address.is_unspecified:
        return True
    family = socket.AF_INET if address.version == 4 else socket.AF_INET6
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((str(address), 0))
    except OSError:
        return False
    return True


async def _addresses(host: str, port: int) -> list[IPAddress]:
    """What `host` resolves to (empty when it does not), in the resolver's order."""
    with contextlib.suppress(ValueError):
        return [_unmapped(ipaddress.ip_address(host))]
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    found: list[IPAddress] = []
    for info in infos:
        raw = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone
        with contextlib.suppress(ValueError):
            address = _unmapped(ipaddress.ip_address(raw))
            if address not in found:
                found.append(address)
    return found


async def resolve(policy: Policy, raw_url: str) -> Target:
    """The checked target of `raw_url`; Refused names the rule it breaks.

    A name that does not resolve is not refused (unless `--webhook-allow` is set and does not
    name it): its ping or delivery fails like any unreachable receiver's.
    """
    if "@" in urlsplit(raw_url).netloc:
        raise Refused(
            "credentials",
            "The URL carries a user name or password (user:password@host); the sandbox "
            "refuses credentials in webhook URLs: send them in `headers` instead.",
        )
    try:
        url = httpx.URL(raw_url)
        host = url.raw_host.decode("ascii").lower().rstrip(".")
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise Refused("url", f"The URL cannot be delivered to: {exc}.") from None
    if url.scheme not in ("http", "https") or not host:
        raise Refused("url", "The URL cannot be delivered to: it needs http(s) and a host.")
    port = url.port or (443 if url.scheme == "https" else 80)
    addresses = await _addresses(host, port)
    if policy.own_port == port and any(_is_this_machine(a) for a in addresses):
        raise Refused(
            "sandbox",
            f"The URL points at the sandbox itself (port {port} of this machine); the sandbox "
            "never delivers webhooks to its own address.",
        )
    if not policy.allows(host, addresses):
        raise Refused(
            "allow-list",
            "The receiver is not in the sandbox's --webhook-allow list (its host names and "
            "networks); ask the sandbox's operator.",
        )
    return Target(url, tuple(str(a) for a in addresses))
