"""Which addresses may talk to the room: private and link-local ones only, as a room network has."""

from __future__ import annotations

import ipaddress

# A room's Wi-Fi or the laptop's hotspot hands out these; anything else came from beyond the room.
_ALLOWED = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",  # private (RFC 1918)
        "169.254.0.0/16",  # link-local: two devices on a network with no DHCP
        "127.0.0.0/8",  # this laptop itself (its own browser, the tests)
        "fc00::/7", "fe80::/10", "::1/128",
    )
)  # fmt: skip


def allowed_peer(address: str | None) -> bool:
    """True when a connection from ``address`` may be served (private, link-local or loopback)."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in net for net in _ALLOWED)


def url_host(host: str) -> str:
    """``host`` as it stands in a URL (IPv6 in brackets)."""
    return f"[{host}]" if ":" in host else host


__all__ = ["allowed_peer", "url_host"]
