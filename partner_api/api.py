"""The listings API (version 1) for partners: routers, error handling and the OpenAPI document.

A new major version gets its own NinjaAPI instance next to this one (see docs/api.md on versioning).
"""

from ninja import NinjaAPI
from ninja.errors import ValidationError

from django.http import Http404

from partner_api import events, resources, vocabularies
from partner_api.http import PROBLEM_CONTENT_TYPE, error_response

DESCRIPTION = """Events, courses and library resources of the Innovatarium for partners' sites,
newsletters and calendars.

One record per event or resource across languages, with Danish and English texts side by side.
Filters, incremental sync with `since` (the `sync_token` of the previous run) and tombstones,
conditional requests (ETag, Last-Modified) and a per-client rate limit that a partner API key
(header `X-API-Key`) lifts.
Errors are problem details (RFC 9457, `application/problem+json`) with a `detail`; a query parameter
an endpoint does not take is an error too. The guide with examples is docs/api.md in the project.
"""


# What a partner's webhook receives (partner_api/webhooks.py), in the document's `webhooks` (OpenAPI 3.1).
WEBHOOK_HEADERS = {
    "webhook-id": "The message's id (msg_…), the same on every try: ignore a repeat.",
    "webhook-timestamp": "When this try was sent, in seconds since 1970 (UTC).",
    "webhook-signature": "v1, and the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>` "
    "with the webhook's secret (Standard Webhooks).",
}
WEBHOOK_MESSAGE = {
    "type": "object",
    "required": ["type", "timestamp", "data"],
    "properties": {
        "type": {
            "type": "string",
            "enum": [
                "event.changed",
                "event.removed",
                "resource.changed",
                "resource.removed",
                "webhook.test",
            ],
        },
        "timestamp": {"type": "string", "format": "date-time"},
        "data": {
            "type": "object",
            "description": "Empty for webhook.test.",
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "kind": {"type": "string", "enum": ["event", "resource"]},
                "url": {"type": "string", "format": "uri", "description": "The record in this API."},
                "sync_token": {"type": "string"},
            },
        },
    },
}
WEBHOOKS = {
    "listingChanged": {
        "post": {
            "summary": "An event or resource changed or was removed",
            "description": "Sent to the webhooks staff set up for a partner key. Fetch `data.url` for the "
            "record; keep syncing with `since` too (docs/api.md, Webhooks).",
            "parameters": [
                {
                    "name": name,
                    "in": "header",
                    "required": True,
                    "description": text,
                    "schema": {"type": "string"},
                }
                for name, text in WEBHOOK_HEADERS.items()
            ],
            "requestBody": {"required": True, "content": {"application/json": {"schema": WEBHOOK_MESSAGE}}},
            "responses": {"2XX": {"description": "Received. Any other answer is tried again later."}},
        }
    }
}


class ListingsApi(NinjaAPI):
    """Ninja declares every response as application/json; errors are problem details (RFC 9457).
    The document also describes the webhooks' messages."""

    def get_openapi_schema(self, **kwargs):
        document = super().get_openapi_schema(**kwargs)
        document["webhooks"] = WEBHOOKS
        for operations in document["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}
        return document


api = ListingsApi(
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
