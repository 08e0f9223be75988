"""HTTP around the read-only APIs: CORS (any origin may GET them from a browser; nothing else is
allowed), gzip, and validators for the content API.

The listings API answers every error in JSON, also the 405 that Django Ninja writes itself.
"""

from django.conf import settings
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import get_conditional_response, set_response_etag

from partner_api.http import DEFAULT_CACHE_SECONDS, cdn_cache_headers, error_response

API_PREFIX = "/api/"
LISTINGS_PREFIX = "/api/listings/"
CONTENT_PREFIX = "/api/v2/"
EXPOSED = "ETag, Last-Modified, Retry-After, Cache-Control"
ALLOWED_HEADERS = "X-API-Key, If-None-Match, If-Modified-Since"


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
            if response.status_code == 405 and request.path.startswith(LISTINGS_PREFIX):
                allowed = response.get("Allow", "GET")
                response = error_response(405, "The listings API is read-only: use GET.")
                response["Allow"] = allowed
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


def content_api_validators(get_response):
    """The content API's answers get an ETag made from their body and answer If-None-Match with 304,
    and may be cached for as long as the listings API's."""

    def middleware(request):
        response = get_response(request)
        if (
            not request.path.startswith(CONTENT_PREFIX)
            or request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.streaming
        ):
            return response
        set_response_etag(response)
        if "Cache-Control" not in response:
            seconds = getattr(settings, "LISTINGS_API_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)
            cdn_cache_headers(response, seconds)
        return get_conditional_response(request, etag=response["ETag"], response=response) or response

    return middleware
