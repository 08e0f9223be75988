"""HTTP conventions of the listings API: who the client is, the rate limit, JSON errors, caching headers.

Every endpoint goes through `listing_endpoint`, so the conventions in docs/api.md hold for all of them:
a query parameter the endpoint does not know is an error; a partner key lifts the rate limit;
responses carry an ETag and Last-Modified and answer a conditional request with 304; successful
responses may be cached by a CDN for a minute, errors never. Errors are problem details (RFC 9457).
"""

import datetime as dt
import functools
import hashlib
import json
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

from core.ratelimit import Limit, seconds_left
from partner_api.changes import current_version
from partner_api.models import ApiKey, ApiKeyUsage, hash_key

API_KEY_HEADER = "HTTP_X_API_KEY"
# Anonymous clients: this many requests per window, per address (settings may change both).
DEFAULT_RATE_LIMIT = 120
DEFAULT_RATE_WINDOW = 60
# How long a CDN, a browser and our own cache may keep a successful response.
DEFAULT_CACHE_SECONDS = 60


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


def identify(request) -> Client | JsonResponse:
    """The client: a partner key when the request has one (a wrong or revoked key is refused)."""
    secret = request.META.get(API_KEY_HEADER, "")
    if not secret:
        return Client(None)
    api_key = ApiKey.objects.filter(key_hash=hash_key(secret), is_active=True).first()
    if api_key is None:
        return error_response(401, "The API key is unknown or has been revoked.")
    return Client(api_key)


def rate_limited(request, client: Client) -> JsonResponse | None:
    """None when the request may go ahead, otherwise the 429 answer with Retry-After.

    Anonymous clients are counted per address (hashed, like every rate limit here). The limit fails
    open: listings are public, and partners must not lose them while the cache is down.
    """
    if client.api_key is not None:
        return None
    limit = getattr(settings, "LISTINGS_API_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    window = getattr(settings, "LISTINGS_API_RATE_WINDOW", DEFAULT_RATE_WINDOW)
    if Limit("listings-api", limit, window_seconds=window).allows(request):
        return None
    retry_after = seconds_left(window)
    response = error_response(
        429,
        f"Too many requests: at most {limit} every {window} seconds without an API key.",
        retry_after=retry_after,
    )
    response["Retry-After"] = str(retry_after)
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

    Order: identify the client, apply the rate limit, refuse unknown parameters, then serve from
    the cache (keyed by the change log's version, so any change retires every cached answer) or run
    the view and cache its answer.
    """
    if view is None:
        return functools.partial(listing_endpoint, parameters=parameters)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        client = identify(request)
        if isinstance(client, HttpResponse):
            return client
        refused = rate_limited(request, client) or unknown_parameters(request, parameters)
        if refused is not None:
            return refused
        if client.api_key is not None:
            count_usage(client.api_key)
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
