"""A per-IP fixed-window limit on form posts, kept in the shared cache (Redis with several servers)."""

import hashlib
import time

from django.core.cache import cache


def allow(request, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request; False once the visitor has posted `limit` times in the current window."""
    # Hash the address: the cache is not a place for personal data either.
    address = hashlib.sha256(request.META.get("REMOTE_ADDR", "").encode()).hexdigest()[:16]
    key = f"ratelimit:{scope}:{address}:{int(time.time() // window_seconds)}"
    cache.add(key, 0, window_seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, window_seconds)
        return True
