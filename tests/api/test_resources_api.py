"""The listings API's resources: one record across languages, filters, errors, sync, query count;
and resource pages in the content API."""

import datetime as dt
import uuid

import pytest
import time_machine

from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import Contribution, ResourcePage
from people.models import Organisation, Person
from tests.api.conftest import LISTINGS, NOW, assert_expected, course_day
from tests.clearing import delete_demo_rows
from tests.library.factories import (
    attach_file,
    make_document,
    make_resource,
    profession,
    target_group,
    theme,
    translate_resource,
)

pytestmark = pytest.mark.django_db


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def method_card(number: int = 1, english: bool = True, **fields) -> ResourcePage:
    """A method with fixed id, facts, a file and a related event; English too by default."""
    defaults = {
        "translation_key": uuid.UUID(int=1000 + number),
        "title": f"Idékort til samskabelse {number}",
        "slug": f"idekort-til-samskabelse-{number}",
        "summary": "Kort, der hjælper en gruppe med at finde mange idéer på kort tid.",
        "published_date": dt.date(2026, 10, number),
        "time_needed": "1-3h",
        "group_size": "3-8",
        "participation_level": "collaborate",
        "themes": [theme("medskabelse")],
        "professions": [profession("omsorgsmedhjaelper")],
        "target_groups": [target_group("unge", "Unge")],
        "contributor_organisations": [
            Organisation.objects.get(slug="kursusforbundet", locale__language_code="da")
        ],
    }
    resource = make_resource(**{**defaults, **fields})
    if english:
        translate_resource(
            resource,
            title=f"Idea cards for co-creation {number}",
            slug=f"idea-cards-for-co-creation-{number}",
            summary="Cards that help a group find many ideas in little time.",
        )
    return ResourcePage.objects.get(pk=resource.pk)


@pytest.fixture
def library(index):
    """Only the test's own resources: the demo library and the change log its removal writes are
    cleared (rolled back after the test)."""
    from partner_api.models import ListingChange

    delete_demo_rows(ResourcePage.objects.all())
    ListingChange.objects.all().delete()
    return index


def test_resource_list_and_detail_match_the_expected_json(client, library):
    event = course_day(1)
    resource = method_card(1, related_events=[event])
    attach_file(resource, role="card", document=make_document("Metodekort", "metodekort-api.pdf"))
    method_card(2, english=False, resource_type="case", phase="implement", themes=[])
    listing = client.get(f"{LISTINGS}/resources")
    assert_expected("resources_list", _without_file_names(listing.json()))
    detail = client.get(f"{LISTINGS}/resources/{resource.translation_key}").json()
    assert_expected("resource_detail", _without_file_names(detail))
    assert detail["title"] == {"da": "Idékort til samskabelse 1", "en": "Idea cards for co-creation 1"}
    assert detail["related_events"] == [str(event.translation_key)]
    assert detail["files"][0]["url"].startswith("http://testserver/documents/")
    assert detail["licence"]["url"]["en"] == "https://creativecommons.org/licenses/by-sa/4.0/deed.en"


def _without_file_names(data):
    """Uploaded files get a random suffix when the name is taken in the test media folder."""
    import json
    import re

    text = re.sub(r"/documents/\d+/[^\"]+", "/documents/0/metodekort-api.pdf", json.dumps(data))
    return json.loads(text)


def test_resource_filters_combine(client, library):
    match = method_card(1)
    method_card(2, phase="understand")
    method_card(3, resource_type="report")
    method_card(4, target_groups=[])
    method_card(5, published_date=dt.date(2025, 1, 1))
    query = (
        "type=method,template&phase=ideate&target_group=unge&partner=kursusforbundet&theme=medskabelse"
        "&from=2026-01-01"
    )
    assert ids(client.get(f"{LISTINGS}/resources?{query}")) == [str(match.translation_key)]
    assert ids(client.get(f"{LISTINGS}/resources?q=IDEA CARDS FOR CO-CREATION 3")) == [
        str(uuid.UUID(int=1003))
    ]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("type=poem", "type"),
        ("phase=later", "phase"),
        ("target_group=ingen", "target_group"),
        ("partner=%00", "partner"),
        ("language=fr", "language"),
        ("from=2026-13-01", "from"),
        ("modified_since=2026-11-26T10:00", "modified_since"),
    ],
)
def test_bad_resource_filters_are_a_400(client, library, query, parameter):
    response = client.get(f"{LISTINGS}/resources?{query}")
    assert response.status_code == 400 and response.json()["parameter"] == parameter


def test_unknown_resource_ids_are_a_404(client, library):
    for resource_id in (str(uuid.uuid4()), "nope"):
        assert client.get(f"{LISTINGS}/resources/{resource_id}").status_code == 404


def test_resource_sync_gives_changes_and_tombstones(client, library):
    with time_machine.travel(NOW - dt.timedelta(hours=1), tick=False):
        kept, changed, removed = (method_card(number) for number in (1, 2, 3))
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        changed.summary = "Ny opsummering"
        changed.save_revision().publish()
        for page in ResourcePage.objects.filter(translation_key=removed.translation_key):
            page.unpublish()
        results = client.get(f"{LISTINGS}/resources?modified_since=2026-11-26T12:00:00%2B01:00").json()[
            "results"
        ]
    assert [(item["id"], item["deleted"]) for item in results] == [
        (str(removed.translation_key), True),
        (str(changed.translation_key), False),
    ]
    assert results[1]["summary"]["da"] == "Ny opsummering"
    assert str(kept.translation_key) not in str(results)


@pytest.mark.parametrize("count", [5, 100])
def test_resource_query_count_does_not_grow(client, library, settings, count):
    settings.LISTINGS_API_CACHE_SECONDS = 0
    person = Person.objects.filter(locale__language_code="da").first()
    event = course_day(1, english=False)
    for number in range(count):
        make_resource(
            title=f"Materiale {number:03d}",
            slug=f"materiale-{number:03d}",
            themes=[theme("medskabelse")],
            contributor_people=[person],
            related_events=[event],
        )
    url = f"{LISTINGS}/resources?limit=100&theme=medskabelse"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(response.json()["results"]) == count
    assert len(queries.captured_queries) == RESOURCE_LIST_QUERIES


# Measured with 5 and with 100 resources on the page; both must be exactly this (docs/performance.md).
RESOURCE_LIST_QUERIES = 25


def test_resource_pages_in_the_content_api(client, library):
    resource = method_card(1, english=False, resource_type="case")
    resource.problem = f'<p>Se <a linktype="page" id="{resource.get_parent().pk}">biblioteket</a>.</p>'
    resource.save_revision().publish()
    Contribution.objects.create(
        page=resource,
        kind="case",
        name="Indsender Hemmeligsen",
        email="indsender@example.dk",
        language="da",
        consented_to_licence_at=NOW,
    )
    data = client.get(f"/api/v2/pages/{resource.pk}/").json()
    assert data["problem"] == '<p>Se <a href="http://testserver/bibliotek/">biblioteket</a>.</p>'
    assert data["resource_type"] == "case" and data["themes"] == [
        {"slug": "medskabelse", "name": "Medskabelse"}
    ]
    # Who sent a contribution in is kept from every API, the listings API included.
    for url in (f"/api/v2/pages/{resource.pk}/", f"{LISTINGS}/resources/{resource.translation_key}"):
        body = client.get(url).content.decode()
        assert "Hemmeligsen" not in body and "indsender@example.dk" not in body
