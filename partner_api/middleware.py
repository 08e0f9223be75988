"""CORS for the read-only APIs: any origin may GET them from a browser; nothing else is allowed.

The listings API answers every error in JSON, also the 405 that Django Ninja writes itself.
"""

from django.http import HttpResponse

from partner_api.http import error_response

API_PREFIX = "/api/"
LISTINGS_PREFIX = "/api/listings/"
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
