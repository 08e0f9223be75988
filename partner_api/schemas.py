"""The listings API's typed records and filter types: they make the OpenAPI document that partners
code against (a generated client parses with these types, so they are as strict as the data is)."""

import re
from typing import Literal

from ninja import Field, Schema

SLUG = "[-a-z0-9]{1,80}"
SLUG_LIST = rf"^{SLUG}(,{SLUG})*$"
SYNC_TOKEN = r"^1\.[0-9]{1,19}\.[0-9]{1,19}\.[0-9]{1,20}$"  # noqa: S105 (a pattern, not a secret)
CURSOR = r"^[-_A-Za-z0-9]{1,1000}$"
MONTH = r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$"
DATE_TIME = {"format": "date-time"}
DATE = {"format": "date"}
URI = {"format": "uri"}


def choice_list(values) -> str:
    """A pattern for one or more comma-separated values of a closed vocabulary."""
    one = "(" + "|".join(re.escape(value) for value in values) + ")"
    return f"^{one}(,{one})*$"


class Localized(Schema):
    """A text or address in each language; null where the item has no page in that language."""

    da: str | None = None
    en: str | None = None


class Error(Schema):
    """Problem details (RFC 9457), sent as application/problem+json."""

    type: str = Field("about:blank", description="Always about:blank: the status says what kind of error.")
    title: str = Field(..., description="The HTTP status phrase, e.g. Bad Request.")
    status: int = Field(..., description="The HTTP status code.")
    detail: str = Field(..., description="What went wrong, in English, for the developer.")
    message: str = Field(..., description="The same as detail (kept for clients of v1 that read it).")
    parameter: str | None = Field(None, description="The query parameter that was wrong, if one was.")
    known_parameters: list[str] | None = Field(
        None, description="For an unknown query parameter: the parameters this endpoint takes."
    )
    retry_after: int | None = Field(None, description="Seconds to wait (429 only).")
    request_id: str | None = Field(
        None, description="The X-Request-ID of the answer: quote it when you ask us about an error."
    )


class Term(Schema):
    slug: str = Field(..., description="Stable key, the same in every language; use it in filters.")
    name: Localized


class Partner(Term):
    kind: str = Field(..., description="union, municipality, institution, foundation, ngo or education.")
    website: str = ""
    logo_url: str | None = None


class TermList(Schema):
    results: list[Term]


class PartnerList(Schema):
    results: list[Partner]


class Venue(Schema):
    name: Localized
    street_address: str
    postal_code: str
    city: str
    country: str = Field("DK", description="ISO 3166-1 alpha-2.", pattern="^[A-Z]{2}$")


class Price(Schema):
    id: str = Field(..., description="Stable id of the price option.")
    label: Localized
    amount: str = Field(
        ..., description="Price in DKK including any VAT, as a decimal string.", pattern=r"^[0-9]+\.[0-9]{2}$"
    )
    currency: Literal["DKK"] = "DKK"
    vat_rate: Literal["0", "25"] = Field(..., description="VAT percentage included in the amount.")
    vat_amount: str = Field(..., description="The VAT included in the amount, DKK.")
    vat_exempt_reason: str = ""


class Accommodation(Schema):
    price_per_night: str = Field(..., description="DKK per night, including VAT.")
    currency: Literal["DKK"] = "DKK"
    vat_rate: Literal["25"] = "25"


class Registration(Schema):
    state: str = Field(
        ...,
        description="open, few-seats, waiting-list, not-open, closed, cancelled, postponed or past. "
        "Extensible: a later v1 may add a state, so it is a string, not an enum; treat an unknown "
        "state as can_register says.",
        examples=["open"],
    )
    label: Localized
    can_register: bool = Field(..., description="A seat or a place on the waiting list can be had now.")
    opens: str | None = Field(
        None, description="ISO 8601 with offset; null: open since publication.", json_schema_extra=DATE_TIME
    )
    closes: str = Field(..., description="ISO 8601 with offset.", json_schema_extra=DATE_TIME)
    url: Localized = Field(..., description="Where a person registers, per language.")


class Image(Schema):
    url: str = Field(..., json_schema_extra=URI)
    width: int
    height: int
    alt: Localized


class Event(Schema):
    id: str = Field(..., description="Stable id of the event across languages (Wagtail's translation key).")
    deleted: Literal[False] = Field(False, description="Always false here; true only in tombstones.")
    languages: list[str] = Field(..., description="Languages the event is published in.")
    title: Localized
    summary: Localized
    url: Localized
    format: Term
    status: Literal["scheduled", "cancelled", "postponed"]
    attendance_mode: Literal["in-person", "online", "mixed"]
    start: str = Field(
        ..., description="ISO 8601 with the Danish offset of that day.", json_schema_extra=DATE_TIME
    )
    end: str = Field(
        ..., description="ISO 8601 with the Danish offset of that day.", json_schema_extra=DATE_TIME
    )
    venue: Venue | None
    prices: list[Price]
    accommodation: Accommodation | None
    capacity: int
    seats_left: int
    registration: Registration
    partners: list[Term]
    themes: list[Term]
    professions: list[Term]
    image: Image | None
    last_modified: str = Field(
        ...,
        description="ISO 8601: the last change in any language or in its seats.",
        json_schema_extra=DATE_TIME,
    )


class Tombstone(Schema):
    id: str
    deleted: Literal[True] = Field(
        True, description="The item was unpublished or deleted: remove it from a mirror."
    )
    last_modified: str = Field(..., json_schema_extra=DATE_TIME)


class EventList(Schema):
    count: int = Field(..., description="Items matching the filters, tombstones included.")
    next: str | None = Field(None, description="The next page, with the same filters; null on the last page.")
    previous: str | None = None
    as_of: str = Field(
        ...,
        description="Server time of this answer (the older sync's modified_since).",
        json_schema_extra=DATE_TIME,
    )
    sync_token: str = Field(
        ...,
        description="Opaque. Keep the first page's and give it as since= in the next sync run: that run "
        "brings everything changed since this one began, including changes still being saved now.",
    )
    results: list[Event | Tombstone]


class Licence(Schema):
    slug: str
    name: Localized
    url: Localized = Field(..., description="The licence deed, per language; null for all rights reserved.")


class ResourceFile(Schema):
    title: Localized
    role: Term
    url: str
    file_extension: str
    size: int | None = Field(None, description="Bytes.")


class Contributor(Schema):
    name: str
    role: Localized


class Resource(Schema):
    id: str = Field(
        ..., description="Stable id of the resource across languages (Wagtail's translation key)."
    )
    deleted: Literal[False] = Field(False, description="Always false here; true only in tombstones.")
    languages: list[str]
    title: Localized
    summary: Localized
    url: Localized
    type: Term
    phase: Term
    themes: list[Term]
    professions: list[Term]
    target_groups: list[Term]
    partners: list[Term] = Field(..., description="Organisations that contributed.")
    contributors: list[Contributor] = Field(..., description="People credited on the page.")
    participation_level: Term | None
    material_language: Term
    licence: Licence
    published_date: str = Field(..., description="YYYY-MM-DD.", json_schema_extra=DATE)
    time_needed: Term | None
    group_size: Term | None
    difficulty: Term | None
    files: list[ResourceFile]
    related_events: list[str] = Field(..., description="Ids of events (see /events/{id}).")
    related_resources: list[str] = Field(..., description="Ids of other resources.")
    image: Image | None
    last_modified: str = Field(..., json_schema_extra=DATE_TIME)


class ResourceList(Schema):
    count: int = Field(..., description="Items matching the filters, tombstones included.")
    next: str | None = None
    previous: str | None = None
    as_of: str = Field(
        ...,
        description="Server time of this answer (the older sync's modified_since).",
        json_schema_extra=DATE_TIME,
    )
    sync_token: str = Field(
        ...,
        description="Opaque. Keep the first page's and give it as since= in the next sync run: that run "
        "brings everything changed since this one began, including changes still being saved now.",
    )
    results: list[Resource | Tombstone]
