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
Filters, incremental sync with `since` (the `sync_token` of the previous run's first page) and
tombstones (`deleted: true`), conditional requests (ETag, Last-Modified) and a rate limit per
address, or per key for partners (header `X-API-Key` or `Authorization: Bearer`); every answer says
the limit in `RateLimit-Policy` and `RateLimit`.
Errors are problem details (RFC 9457, `application/problem+json`) with a `detail` and a
`request_id` (also the `X-Request-ID` header); a query parameter an endpoint does not take is an
error too. Partners with a key may also have webhooks: signed messages when an event or resource
changes or is removed (see `webhooks`).

## Versioning and deprecation
The version is in the address (`/v1/`). Within v1 we only add: endpoints, fields, filter
parameters, vocabulary values and registration states. Ignore fields you do not know, and accept
new values in `registration.state` and in the vocabularies. Anything that would break a client
comes as `/v2/`, next to v1; v1 keeps working for at least 12 months after v2 is published. From
the day v1 is deprecated its answers carry `Deprecation` (RFC 9745), `Sunset` (RFC 8594, the day it
stops answering) and a `Link` with `rel="deprecation"`; partners with a key are told through their
contact at the Innovatarium when v2 appears and again three months before v1 ends.

## Licence
The listings may be reused under CC BY-SA 4.0, the licence the site gives its material by default,
naming the Innovatarium. A resource's own `licence` field says what applies to its material and
files, and wins over this one.
"""

CONTACT = {"name": "Innovatarium", "url": "https://innovatarium.dk/", "email": "kontakt@innovatarium.dk"}
LICENSE = {"name": "CC BY-SA 4.0", "url": "https://creativecommons.org/licenses/by-sa/4.0/"}
SECURITY_SCHEMES = {
    "apiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "A partner key: a limit of its own, higher than an address's.",
    },
    "bearer": {"type": "http", "scheme": "bearer", "description": "The same partner key, as a Bearer token."},
}
# Every operation may be called without a key ({}), or with one in either header.
SECURITY = [{}, {"apiKey": []}, {"bearer": []}]


def _header(description: str, schema: dict | None = None, required: bool = False) -> dict:
    return {"description": description, "required": required, "schema": schema or {"type": "string"}}


HEADERS = {
    "ETag": _header("Made from the data: the same while the answer's records are."),
    "Last-Modified": _header("The newest change the answer shows."),
    "Cache-Control": _header("How long CDNs and browsers may keep the answer."),
    "RateLimit-Policy": _header('The client\'s limit, e.g. "anonymous";q=120;w=60.', required=True),
    "RateLimit": _header('What is left of it, e.g. "anonymous";r=117;t=42.', required=True),
    "X-Request-ID": _header("The request's id: the client's own X-Request-ID, or a new one.", required=True),
    "Deprecation": _header("Once v1 is deprecated: since when, as @<Unix time> (RFC 9745)."),
    "Sunset": _header("Once v1 has an end date: the HTTP date it stops answering (RFC 8594)."),
    "Retry-After": _header("Seconds until the limit's window ends.", {"type": "integer"}, required=True),
    "WWW-Authenticate": _header("The Bearer challenge (RFC 6750).", required=True),
}
COMMON_HEADERS = ("RateLimit-Policy", "RateLimit", "X-Request-ID", "Deprecation", "Sunset")
SUCCESS_HEADERS = ("ETag", "Last-Modified", "Cache-Control")
ERROR_HEADERS = {"401": ("WWW-Authenticate",), "429": ("Retry-After",)}
ERROR_STATUSES = {
    "400": "A parameter that is not valid, or one the endpoint does not take.",
    "401": "An unknown or revoked API key, or an Authorization header that is not Bearer.",
    "414": "An address longer than 2048 characters.",
    "429": "Too many requests: see Retry-After and RateLimit.",
    "500": "A fault of ours.",
}
# From a list to one of its items (schemathesis and other tools follow these links).
LINKS = {
    "listEvents": ("getEvent", "event_id"),
    "listResources": ("getResource", "resource_id"),
}


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
    """The OpenAPI document, made strict for generated clients: errors as problem details on every
    4xx and 5xx, the headers every answer has, both key headers as security schemes, tombstones as a
    union discriminated by `deleted`, and links from each list to its items. It also describes the
    webhooks' messages."""

    def get_openapi_schema(self, **kwargs):
        document = super().get_openapi_schema(**kwargs)
        document["webhooks"] = WEBHOOKS
        document["info"]["contact"] = CONTACT
        document["info"]["license"] = LICENSE
        components = document.setdefault("components", {})
        components["securitySchemes"] = SECURITY_SCHEMES
        components["headers"] = HEADERS
        document["security"] = SECURITY
        for schemas in (components.get("schemas", {}),):
            _discriminate_tombstones(schemas)
        for operations in document["paths"].values():
            for operation in operations.values():
                _complete(operation)
        return document


def _refs(names) -> dict:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def _complete(operation: dict) -> None:
    responses = {str(status): response for status, response in operation.get("responses", {}).items()}
    operation["responses"] = responses
    error = {"$ref": "#/components/schemas/Error"}
    for status, description in ERROR_STATUSES.items():
        responses.setdefault(
            status, {"description": description, "content": {"application/json": {"schema": error}}}
        )
    for status, response in responses.items():
        content = response.get("content", {})
        if int(status) >= 400:
            schema = content.get("application/json", {}).get("schema", error)
            response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": schema}}
            response["headers"] = _refs((*COMMON_HEADERS, *ERROR_HEADERS.get(status, ())))
        else:
            response["headers"] = _refs((*COMMON_HEADERS, *SUCCESS_HEADERS))
    for parameter in operation.get("parameters", []):
        schema = parameter["schema"]
        if parameter["in"] == "path" and parameter["name"].endswith("_id"):
            schema["format"] = "uuid"
        # An optional query parameter is left out, never sent as null: say the type alone.
        options = [option for option in schema.pop("anyOf", []) if option.get("type") != "null"]
        if len(options) == 1:
            schema.update(options[0])
        elif options:
            schema["anyOf"] = options
    link = LINKS.get(operation.get("operationId"))
    if link:
        target, parameter = link
        responses["200"]["links"] = {
            target: {
                "operationId": target,
                "parameters": {parameter: "$response.body#/results/0/id"},
                "description": "The first record of the page (a tombstone's id answers 404).",
            }
        }


def _discriminate_tombstones(schemas: dict) -> None:
    """`results` are records or tombstones, told apart by `deleted` alone: a record that misses a
    field must be an error in a client, never a tombstone that deletes a live event."""
    for name in ("Event", "Resource", "Tombstone"):
        if name in schemas:
            deleted = schemas[name]["properties"]["deleted"]
            value = name == "Tombstone"
            # `const` without `type`: generators then check the value instead of taking any boolean.
            schemas[name]["properties"]["deleted"] = {
                "const": value,
                "default": value,
                "description": deleted.get("description", ""),
            }
            required = schemas[name].setdefault("required", [])
            if "deleted" not in required:
                required.append("deleted")
    for list_name, record in (("EventList", "Event"), ("ResourceList", "Resource")):
        if list_name in schemas:
            schemas[list_name]["properties"]["results"]["items"] = {
                "oneOf": [
                    {"$ref": f"#/components/schemas/{record}"},
                    {"$ref": "#/components/schemas/Tombstone"},
                ],
                "discriminator": {
                    "propertyName": "deleted",
                    "mapping": {
                        "false": f"#/components/schemas/{record}",
                        "true": "#/components/schemas/Tombstone",
                    },
                },
            }


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
    # e.g. ("query", "filters", "to", "date"): where, the argument, the parameter, the type that failed.
    names = [str(part) for part in first.get("loc", ())[1:]]
    parameter = next((name for name in names if name in request.GET), names[-1] if names else "")
    message = f"{parameter}: {first.get('msg', 'invalid value')}" if parameter else "Invalid request."
    return error_response(400, message, parameter=parameter or None)


@api.exception_handler(Http404)
def not_found(request, exc):
    return error_response(404, "Not found.")
