"""HTTP conventions of the listings API: who the client is, the rate limit, JSON errors, caching headers.

Every endpoint goes through `listing_endpoint`, so the conventions in docs/api.md hold for all of them:
a query parameter the endpoint does not know is an error; a partner key has a higher limit;
responses carry an ETag and Last-Modified and answer a conditional request with 304; successful
responses may be cached by a CDN for a minute, errors never. Errors are problem details (RFC 9457).
Every request, whatever its path, first passes gate(): the client, its rate limit and its headers.
"""

import datetime as dt
import functools
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from core.cache import CacheUnavailable
from core.ratelimit import Limit, client_address, count_in_window, seconds_left
from partner_api.changes import current_version
from partner_api.models import ApiKey, ApiKeyUsage, hash_key

API_KEY_HEADER = "HTTP_X_API_KEY"
BEARER = re.compile(r"Bearer +([A-Za-z0-9._~+/-]+=*)", re.IGNORECASE)
REALM = "Innovatarium listings API"
# Anonymous clients: this many requests per window, per address; partner keys: per key, unless the
# key has its own number (settings may change all three).
DEFAULT_RATE_LIMIT = 120
DEFAULT_KEY_RATE_LIMIT = 1200
DEFAULT_RATE_WINDOW = 60
ANONYMOUS_POLICY, KEY_POLICY = "anonymous", "partner-key"
VERSIONING_POLICY_URL = "/api/listings/v1/docs#versioning"
# How long a CDN, a browser and our own cache may keep a successful response.
DEFAULT_CACHE_SECONDS = 60


logger = logging.getLogger(__name__)
PROBLEM_CONTENT_TYPE = "application/problem+json"


def error_response(status: int, message: str, **extra) -> JsonResponse:
    """An error as RFC 9457 problem details; `message` repeats `detail` for clients of v1 that read it."""
    problem = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": message,
        "message": message,
        **extra,
    }
    response = JsonResponse(problem, status=status, content_type=PROBLEM_CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response


PAGING_PARAMETERS = ("limit", "offset", "cursor")
KEY_IN_ADDRESS = "api_key"


def query_parameters(schema=None, *extra: str) -> tuple[str, ...]:
    """The query parameters an operation takes: its filter schema's (by their public names) and extra."""
    names = [field.alias or name for name, field in schema.model_fields.items()] if schema else []
    return tuple(sorted({*names, *extra}))


def unknown_parameters(request, known: tuple[str, ...]) -> JsonResponse | None:
    """A 400 naming the parameters the operation knows when the request has others: a typo such as
    `themes=` must not silently widen the answer, and a key in the address must not travel on."""
    unknown = sorted(set(request.GET) - set(known))
    if not unknown:
        return None
    if KEY_IN_ADDRESS in unknown:
        message = "Send the API key in the X-API-Key header, never in the address."
    else:
        message = f"Unknown query parameter: {', '.join(unknown)}."
    message += f" Known: {', '.join(known)}." if known else " This endpoint takes no query parameters."
    return error_response(400, message, parameter=unknown[0], known_parameters=list(known))


@dataclass(frozen=True)
class Client:
    """Who is asking: a partner with a key, or anybody (api_key None), limited by address."""

    api_key: ApiKey | None


def unauthorized(message: str, error: str) -> JsonResponse:
    """A 401 with the challenge RFC 6750 asks for, so that a client knows a Bearer key is wanted."""
    response = error_response(401, message)
    response["WWW-Authenticate"] = f'Bearer realm="{REALM}", error="{error}"'
    return response


def identify(request) -> Client | JsonResponse:
    """The client: a partner key from X-API-Key or `Authorization: Bearer`, or anybody.

    A key that is unknown or revoked, an Authorization header that is not a Bearer key, or two
    different keys is a 401: a client that meant to send a key must never be served as anonymous."""
    header = request.META.get(API_KEY_HEADER, "").strip()
    authorization = request.META.get("HTTP_AUTHORIZATION", "").strip()
    bearer = ""
    if authorization:
        match = BEARER.fullmatch(authorization)
        if match is None:
            return unauthorized("Send the API key as 'Authorization: Bearer <key>'.", "invalid_request")
        bearer = match.group(1)
    if header and bearer and header != bearer:
        return unauthorized("X-API-Key and Authorization carry different keys.", "invalid_request")
    secret = header or bearer
    if not secret:
        return Client(None)
    api_key = ApiKey.objects.filter(key_hash=hash_key(secret), is_active=True).first()
    if api_key is None:
        return unauthorized("The API key is unknown or has been revoked.", "invalid_token")
    return Client(api_key)


@dataclass(frozen=True)
class Allowance:
    """A client's rate limit and how much of the current window it has used (None: not counted,
    because the cache is unavailable; the limit then fails open)."""

    policy: str
    limit: int
    window: int
    used: int | None

    @property
    def exceeded(self) -> bool:
        return self.used is not None and self.used > self.limit

    def add_headers(self, response: HttpResponse) -> None:
        """RateLimit-Policy and RateLimit as in the IETF draft (draft-ietf-httpapi-ratelimit-headers)."""
        remaining = self.limit if self.used is None else max(self.limit - self.used, 0)
        response["RateLimit-Policy"] = f'"{self.policy}";q={self.limit};w={self.window}'
        response["RateLimit"] = f'"{self.policy}";r={remaining};t={seconds_left(self.window)}'

    def refusal(self) -> JsonResponse:
        retry_after = seconds_left(self.window)
        who = "with this key" if self.policy == KEY_POLICY else "without an API key"
        response = error_response(
            429,
            f"Too many requests: at most {self.limit} every {self.window} seconds {who}.",
            retry_after=retry_after,
        )
        response["Retry-After"] = str(retry_after)
        return response


def use_allowance(request, client: Client) -> Allowance:
    """Count this request against the client's limit: per key for partners (the key's own number or
    LISTINGS_API_KEY_RATE_LIMIT), per address (hashed) for everybody else."""
    window = getattr(settings, "LISTINGS_API_RATE_WINDOW", DEFAULT_RATE_WINDOW)
    if client.api_key is not None:
        default = getattr(settings, "LISTINGS_API_KEY_RATE_LIMIT", DEFAULT_KEY_RATE_LIMIT)
        limit = client.api_key.rate_limit or default
        policy, scope, identity = KEY_POLICY, "listings-api-key", f"key:{client.api_key.pk}"
    else:
        limit = getattr(settings, "LISTINGS_API_RATE_LIMIT", DEFAULT_RATE_LIMIT)
        policy, scope, identity = ANONYMOUS_POLICY, "listings-api", client_address(request)
    try:
        used = count_in_window(Limit(scope, limit, window_seconds=window).counter_key(identity), window)
    except CacheUnavailable as error:
        # Listings are public: partners must not lose them while the cache is down.
        logger.warning("Listings API rate limit not counted, the cache is unavailable: %s", error)
        used = None
    return Allowance(policy, limit, window, used)


def deprecation_headers(response: HttpResponse) -> None:
    """Deprecation (RFC 9745) and Sunset (RFC 8594) once the operators set a date for v1."""
    deprecated = getattr(settings, "LISTINGS_API_DEPRECATED_AT", None)
    sunset = getattr(settings, "LISTINGS_API_SUNSET_AT", None)
    if deprecated is not None:
        response["Deprecation"] = f"@{int(deprecated.timestamp())}"
        response["Link"] = f'<{VERSIONING_POLICY_URL}>; rel="deprecation"; type="text/html"'
    if sunset is not None:
        response["Sunset"] = http_date(sunset.timestamp())


def gate(request, view) -> HttpResponse:
    """Every request to the listings API, whatever it asks for: identify the client, count it
    against its limit (a refused key counts against the address, so keys cannot be guessed at
    full speed), and mark the answer with the limit and the deprecation headers."""
    client = identify(request)
    refused = client if isinstance(client, HttpResponse) else None
    allowance = use_allowance(request, Client(None) if refused else client)
    if allowance.exceeded:
        response = allowance.refusal()
    elif refused is not None:
        response = refused
    else:
        if client.api_key is not None:
            count_usage(client.api_key)
        response = view(request)
    allowance.add_headers(response)
    deprecation_headers(response)
    return response


def count_usage(api_key: ApiKey) -> None:
    today = timezone.localdate()
    updated = ApiKeyUsage.objects.filter(api_key=api_key, day=today).update(requests=F("requests") + 1)
    if not updated:
        usage, created = ApiKeyUsage.objects.get_or_create(
            api_key=api_key, day=today, defaults={"requests": 1}
        )
        if not created:
            ApiKeyUsage.objects.filter(pk=usage.pk).update(requests=F("requests") + 1)
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())


def cdn_cache_headers(response: HttpResponse, seconds: int) -> HttpResponse:
    """Public caching: CDNs may serve a stale copy while they fetch a new one in the background."""
    response["Cache-Control"] = (
        f"public, max-age={seconds}, s-maxage={seconds}, stale-while-revalidate={seconds * 5}"
    )
    return response


@dataclass(frozen=True)
class Answer:
    """What an operation answers: the payload, its Last-Modified, and what its ETag is made from
    when that is not the whole payload (a list's clock and sync token change with every request)."""

    payload: dict
    last_modified: dt.datetime | None
    fingerprint: dict | None = None


@dataclass(frozen=True)
class Body:
    """A rendered JSON answer, as kept in the cache."""

    content: bytes
    etag: str
    last_modified: float | None


def _json(data) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()


def render(answer: Answer) -> Body:
    """The body and its validators. The ETag stays the same for as long as the data does, so a
    client polling once an hour still gets 304 Not Modified."""
    content = _json(answer.payload)
    basis = content if answer.fingerprint is None else _json(answer.fingerprint)
    etag = '"' + hashlib.sha256(basis).hexdigest()[:32] + '"'
    moment = answer.last_modified
    return Body(content, etag, moment.timestamp() if moment else None)


def respond(request, body: Body) -> HttpResponse:
    seconds = getattr(settings, "LISTINGS_API_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)
    last_modified = int(body.last_modified) if body.last_modified is not None else None
    unchanged = get_conditional_response(request, etag=body.etag, last_modified=last_modified)
    response = unchanged or HttpResponse(body.content, content_type="application/json")
    response["ETag"] = body.etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return cdn_cache_headers(response, seconds)


def listing_endpoint(view=None, *, parameters: tuple[str, ...] = ()):
    """Wrap an operation that returns an Answer, (payload, last_modified) or an HttpResponse; `parameters` are
    the query parameters it takes (any other is a 400).

    The client and its rate limit are settled before (gate(), in the middleware). Order: refuse
    unknown parameters, then serve from
    the cache (keyed by the change log's version, so any change retires every cached answer) or run
    the view and cache its answer.
    """
    if view is None:
        return functools.partial(listing_endpoint, parameters=parameters)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        refused = unknown_parameters(request, parameters)
        if refused is not None:
            return refused
        key = _cache_key(request)
        body = cache.get(key)
        if body is None:
            result = view(request, *args, **kwargs)
            if isinstance(result, HttpResponse):
                return result
            body = render(result if isinstance(result, Answer) else Answer(*result))
            seconds = getattr(settings, "LISTINGS_API_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)
            cache.set(key, body, seconds)
        return respond(request, body)

    return wrapper


def _cache_key(request) -> str:
    query = sorted((name, value) for name, values in request.GET.lists() for value in values)
    raw = json.dumps([request.get_host(), request.path, query])
    return f"listings-api:{current_version()}:{hashlib.sha256(raw.encode()).hexdigest()}"
