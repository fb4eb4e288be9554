"""Who a request comes from, for the SPARQL queue's fairness (clients by address take turns).

Behind a load balancer every request comes from its address; the client's is the last entry of
``X-Forwarded-For``, the one the proxy added. That header is believed only from a peer the
setting ``forwarded_allow_ips`` trusts (as gunicorn believes ``X-Forwarded-Proto`` only from
it); from anyone else it is the client's own say, and ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from flask import Request


@lru_cache(maxsize=16)
def _trusted(proxies: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] | None:
    """The networks of ``forwarded_allow_ips``; None for ``*`` (every peer)."""
    entries = [part.strip() for part in proxies.split(",") if part.strip()]
    if "*" in entries:
        return None
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def client_address(request: Request, proxies: str) -> str:
    """The address of the client behind ``request``: its peer's, or, from a trusted proxy, the
    last address of ``X-Forwarded-For``."""
    peer = request.remote_addr or ""
    forwarded = request.headers.get("X-Forwarded-For", "")
    if not forwarded or not proxies.strip():
        return peer
    networks = _trusted(proxies)
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return peer
    if networks is not None and not any(address in network for network in networks):
        return peer
    return forwarded.rsplit(",", 1)[-1].strip() or peer
