"""Rate limits: a per-visitor fixed window, counted in the shared cache (Redis with several servers).

Every public form and the listings API count the visitor's address (hashed: the cache is no place
for personal data). When the cache itself is unreachable, each limit says whether it lets the
request through (fails open: a visitor must still be able to register) or refuses it (fails
closed: sending e-mail to addresses that strangers type in must stay limited).
"""

import functools
import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise

from core.cache import CacheUnavailable

logger = logging.getLogger(__name__)


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


def count_within(key: str, limit: int, window_seconds: int) -> bool:
    """Add one to the counter under `key` (it lasts `window_seconds`); False once it passes `limit`.

    Raises CacheUnavailable when the cache cannot be reached (the site's Redis cache raises it from
    `incr` even while it lets pages read it as empty: core/cache.py)."""
    return count_in_window(key, window_seconds) <= limit


def count_in_window(key: str, window_seconds: int) -> int:
    """Add one to the counter under `key` (it lasts `window_seconds`) and return it; raises
    CacheUnavailable like count_within."""
    try:
        cache.add(key, 0, window_seconds)
        try:
            return cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, window_seconds)
            return 1
    except Exception as error:  # the cache backends raise their client's own errors
        raise CacheUnavailable(str(error)) from error


def inbox_of(email: str) -> str:
    """The mailbox an address delivers to, for counting what is sent there: case does not matter,
    and karen+1@example.dk reaches karen@example.dk at most providers."""
    local, _at, domain = email.strip().casefold().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}" if local else email.strip().casefold()


def seconds_left(window_seconds: int) -> int:
    """Until the current fixed window ends: what Retry-After tells the client."""
    return int(window_seconds - time.time() % window_seconds) + 1


@dataclass(frozen=True)
class Limit:
    """How often one visitor may do something: `default` times a window, or the named setting's number."""

    scope: str
    default: int
    setting: str = ""
    window_seconds: int = 3600
    fails_open: bool = True

    @property
    def number(self) -> int:
        return int(getattr(settings, self.setting, self.default)) if self.setting else self.default

    def counter_key(self, identity: str) -> str:
        """The cache key that counts `identity` in the current window."""
        # Keyed with the secret key: the cache must not hold addresses a dictionary could recover.
        digest = salted_hmac("core.ratelimit", identity, algorithm="sha256").hexdigest()[:32]
        window = int(time.time() // self.window_seconds)
        return f"ratelimit:{self.scope}:{digest}:{window}"

    def allows(self, request) -> bool:
        """Count this request; False once the visitor has used up the current window."""
        return self.allows_for(client_address(request))

    def allows_for(self, identity: str) -> bool:
        """Count one more for `identity` (a visitor's IP address, an e-mail address, a sender and a
        recipient together); False once it has used up the current window."""
        key = self.counter_key(identity)
        try:
            return count_within(key, self.number, self.window_seconds)
        except CacheUnavailable as error:
            logger.warning("Rate limit %s not counted, the cache is unavailable: %s", self.scope, error)
            return self.fails_open


def too_many_requests(request, message: Promise | str, limit: Limit, back_url: str = ""):
    """The 429 page in the visitor's language, with Retry-After."""
    response = render(
        request, "core/rate_limited.html", {"message": message, "back_url": back_url}, status=429
    )
    response["Retry-After"] = str(seconds_left(limit.window_seconds))
    return response


def rate_limited(limit: Limit, message: Promise | str, methods=("POST",)):
    """Decorate a view (or a page's serve method taking a request) so that each visitor may send
    `methods` requests at most `limit.number` times a window; more get the 429 page with `message`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            request = next(arg for arg in args if isinstance(arg, HttpRequest))
            if request.method in methods and not limit.allows(request):
                return too_many_requests(request, message, limit, back_url=request.path)
            return view(*args, **kwargs)

        return wrapped

    return decorator
