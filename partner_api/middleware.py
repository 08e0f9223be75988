"""HTTP around the read-only APIs: HEAD, request ids and problem details for every error, gzip,
CORS (any origin may GET them from a browser; nothing else is allowed), and the listings API's
clients and limits (the content API's validators and limit are in partner_api/content_api.py).

In settings.MIDDLEWARE they come in this order, outermost first: head_like_get, gzip_apis,
problem_details_for_apis, cors_for_apis, listings_clients.
"""

import json
import re
import uuid
from http import HTTPStatus

from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware

from partner_api.http import (
    PROBLEM_CONTENT_TYPE,
    error_response,
    gate,
)

API_PREFIX = "/api/"
LISTINGS_PREFIX = "/api/listings/"
EXPOSED = (
    "ETag, Last-Modified, Retry-After, Cache-Control, RateLimit, RateLimit-Policy, X-Request-ID, "
    "Deprecation, Sunset, Link"
)
ALLOWED_HEADERS = "X-API-Key, Authorization, X-Request-ID, If-None-Match, If-Modified-Since"
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Longer addresses are a 414 in JSON; gunicorn refuses request lines over 4094 bytes itself.
MAX_ADDRESS_LENGTH = 2048


def cors_for_apis(get_response):
    def middleware(request):
        if not request.path.startswith(API_PREFIX):
            return get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = get_response(request)
        # No credentials are involved, so the wildcard is safe and lets CDNs share one copy.
        response["Access-Control-Allow-Origin"] = "*"
        # API answers do not depend on the browser's language (LocaleMiddleware adds it anyway),
        # and a Vary on it would split a CDN's cache by every browser's language list.
        vary = [part.strip() for part in response.get("Vary", "").split(",") if part.strip()]
        vary = [part for part in vary if part.lower() != "accept-language"]
        if vary:
            response["Vary"] = ", ".join(vary)
        elif "Vary" in response:
            del response["Vary"]
        response["Access-Control-Expose-Headers"] = EXPOSED
        return response

    return middleware


def gzip_apis(get_response):
    """gzip for the APIs' JSON. Only there: their bodies hold no secret a BREACH attack could guess
    (no CSRF token, no session data), unlike the site's forms. Django's GZipMiddleware makes the
    ETag weak, which If-None-Match still matches (weak comparison)."""
    compress = GZipMiddleware(get_response)

    def middleware(request):
        response = get_response(request)
        if request.path.startswith(API_PREFIX):
            return compress.process_response(request, response)
        return response

    return middleware


def head_like_get(get_response):
    """HEAD on the listings API is answered as GET is, headers and all, without the body (Ninja's
    routes know GET only)."""

    def middleware(request):
        if request.method != "HEAD" or not request.path.startswith(LISTINGS_PREFIX):
            return get_response(request)
        request.method = "GET"
        response = get_response(request)
        if not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    return middleware


def problem_details_for_apis(get_response):
    """Every answer under /api/ carries a request id (the client's X-Request-ID when it sent a
    usable one, else a new one), and every error is problem details (RFC 9457) with that id,
    whatever made it: Ninja, Django's 400, 404 and 500 handlers, Wagtail's API or an address too long."""

    def middleware(request):
        if not request.path.startswith(API_PREFIX):
            return get_response(request)
        sent = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        if len(request.get_full_path()) > MAX_ADDRESS_LENGTH:
            response = error_response(414, f"The address is longer than {MAX_ADDRESS_LENGTH} characters.")
        else:
            response = get_response(request)
        if response.status_code >= 400 and not response.streaming:
            response = _as_problem(response, request_id)
        response["X-Request-ID"] = request_id
        return response

    return middleware


# Headers of an error answer that the problem details keep.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "RateLimit", "RateLimit-Policy")


def _as_problem(response: HttpResponse, request_id: str) -> HttpResponse:
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    if not isinstance(body, dict) or response.get("Content-Type") != PROBLEM_CONTENT_TYPE:
        said = body.get("detail") or body.get("message") if isinstance(body, dict) else None
        detail = said if isinstance(said, str) else _default_detail(response.status_code)
        problem = error_response(response.status_code, detail)
        for name in KEPT_HEADERS:
            if name in response:
                problem[name] = response[name]
        body, response = json.loads(problem.content), problem
    body["request_id"] = request_id
    response.content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return response


def _default_detail(status: int) -> str:
    if status == 405:
        return "The APIs are read-only: use GET or HEAD."
    if status == 404:
        return "No such address; see /api/listings/v1/docs."
    try:
        return HTTPStatus(status).phrase + "."
    except ValueError:
        return "Error."


def listings_clients(get_response):
    """The listings API's client, rate limit and headers, for every request to it (partner_api.http.gate)."""

    def middleware(request):
        if not request.path.startswith(LISTINGS_PREFIX):
            return get_response(request)
        return gate(request, get_response)

    return middleware
