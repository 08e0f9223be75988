"""The Atom feed for newsletters, the OpenAPI document at its stable address, and the offline docs page."""

import pytest
from defusedxml import ElementTree as ET

from tests.api.conftest import LISTINGS, course_day
from tests.clearing import delete_demo_rows

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[tuple[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"))
        for entry in feed.iter(f"{ATOM}entry")
    ]


def test_the_atom_feed_lists_new_events_newest_first_in_each_language(client, index):
    import time_machine

    from library.models import ResourcePage
    from tests.api.conftest import NOW

    delete_demo_rows(ResourcePage.objects.all())  # the demo library's resources would be newer
    course_day(1)
    with time_machine.travel(NOW.replace(hour=13), tick=False):
        course_day(2, format="workshop")
    assert entries(client.get("/feeds/new.atom")) == [
        ("Kursusdag om samskabelse 2", "http://testserver/arrangementer/kursusdag-om-samskabelse-2/"),
        ("Kursusdag om samskabelse 1", "http://testserver/arrangementer/kursusdag-om-samskabelse-1/"),
    ]
    english = client.get("/en/feeds/new.atom?format=workshop")
    assert entries(english) == [
        ("Course day on co-creation 2", "http://testserver/en/events/course-day-on-co-creation-2/")
    ]
    assert b"<title>New at the Innovatarium</title>" in english.content
    assert b"Nyt fra Innovatarium" in client.get("/feeds/new.atom").content


def test_the_atom_feed_refuses_unknown_filter_values(client, index):
    response = client.get("/feeds/new.atom?theme=nope")
    assert response.status_code == 400 and b"Unknown theme: nope." in response.content


def test_the_openapi_document_is_version_3_1_at_a_stable_address(client):
    document = client.get(f"{LISTINGS}/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert document["info"]["version"] == "1.0.0"
    assert set(document["paths"]) >= {
        f"{LISTINGS}/events",
        f"{LISTINGS}/events/{{event_id}}",
        f"{LISTINGS}/vocabularies/formats",
        f"{LISTINGS}/vocabularies/themes",
        f"{LISTINGS}/vocabularies/professions",
        f"{LISTINGS}/vocabularies/partners",
    }
    names = {parameter["name"] for parameter in document["paths"][f"{LISTINGS}/events"]["get"]["parameters"]}
    assert {
        "from",
        "to",
        "format",
        "theme",
        "partner",
        "registration",
        "free_seats",
        "q",
        "modified_since",
    } <= names


def test_the_docs_page_works_offline(client):
    response = client.get(f"{LISTINGS}/docs")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in html
    assert "modified_since" in html and 'href="openapi.json"' in html
    # Nothing is loaded from elsewhere: no scripts at all, no external style sheets or fonts.
    assert "<script" not in html and "<link" not in html and "@import" not in html
