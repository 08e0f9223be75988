"""The listings API (version 1) for partners: routers, error handling and the OpenAPI document.

A new major version gets its own NinjaAPI instance next to this one (see docs/api.md on versioning).
"""

from ninja import NinjaAPI
from ninja.errors import ValidationError

from django.http import Http404

from partner_api import events, resources, vocabularies
from partner_api.http import error_response

DESCRIPTION = """Events, courses and library resources of the Innovatarium for partners' sites,
newsletters and calendars.

One record per event or resource across languages, with Danish and English texts side by side.
Filters, incremental sync with `since` (the `sync_token` of the previous run) and tombstones,
conditional requests (ETag, Last-Modified) and a per-client rate limit that a partner API key
(header `X-API-Key`) lifts.
Errors are JSON with a `message`. The guide with examples is docs/api.md in the project.
"""

api = NinjaAPI(
    title="Innovatarium listings API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="listings-v1",
    openapi_url="/openapi.json",
    docs_url=None,  # Ninja's page loads Swagger UI from a CDN; partner_api.docs renders one offline.
)
api.add_router("", events.router)
api.add_router("", resources.router)
api.add_router("", vocabularies.router)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc: ValidationError):
    first = exc.errors[0] if exc.errors else {}
    location = first.get("loc", ["query", ""])
    parameter = str(location[-1]) if location else ""
    message = f"{parameter}: {first.get('msg', 'invalid value')}" if parameter else "Invalid request."
    return error_response(400, message, parameter=parameter or None)


@api.exception_handler(Http404)
def not_found(request, exc):
    return error_response(404, "Not found.")
