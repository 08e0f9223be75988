"""A per-IP fixed-window limit on form posts, kept in the shared cache (Redis with several servers)."""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The visitor's IP address, for every rate limit of the site.

    Behind reverse proxies REMOTE_ADDR is the nearest proxy, shared by every visitor. Each of the
    TRUSTED_PROXY_COUNT proxies appends the address it received the request from to
    X-Forwarded-For, so the entry that many places from the right was written by the outermost
    proxy we run: the client it saw. Entries further left come from the client and can be forged,
    so they are never read. A header that is missing, too short or not an address there falls back
    to REMOTE_ADDR: limits are then shared, never skipped.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops].strip()))
    except ValueError:
        return remote


def allow(request, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request; False once the visitor has posted `limit` times in the current window."""
    # Hash the address: the cache is not a place for personal data either.
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:16]
    window = int(time.time() // window_seconds)
    return count_within(f"ratelimit:{scope}:{address}:{window}", limit, window_seconds)


def count_within(key: str, limit: int, window_seconds: int) -> bool:
    """Add one to the counter under `key` (it lasts `window_seconds`); False once it passes `limit`."""
    cache.add(key, 0, window_seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, window_seconds)
        return True
