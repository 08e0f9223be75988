"""Strict parameters: a query parameter an endpoint does not take is a 400 naming those it does, in
problem details (RFC 9457); `free_seats=true` leaves out events nobody can take a seat at."""

import pytest

from tests.api.conftest import LISTINGS, course_day

pytestmark = pytest.mark.django_db

EVENT_ID = "00000000-0000-0000-0000-000000000001"


@pytest.mark.parametrize(
    ("path", "query", "unknown", "a_known_one"),
    [
        ("/events", "themes=medskabelse", "themes", "theme"),
        ("/events", "theme=medskabelse&api_key=secret", "api_key", "since"),
        ("/resources", "types=method", "types", "type"),
        ("/resources", "page=2", "page", "cursor"),
        ("/vocabularies/themes", "lang=da", "lang", None),
        (f"/events/{EVENT_ID}", "fields=title", "fields", None),
    ],
)
def test_an_unknown_parameter_is_a_400_naming_the_known_ones(
    client, index, path, query, unknown, a_known_one
):
    course_day(1, english=False)
    response = client.get(f"{LISTINGS}{path}?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["Cache-Control"] == "no-store"
    problem = response.json()
    assert problem["type"] == "about:blank"
    assert problem["title"] == "Bad Request"
    assert problem["status"] == 400
    assert problem["detail"] == problem["message"]
    assert problem["parameter"] == unknown
    if a_known_one:
        assert a_known_one in problem["known_parameters"]
        assert f"Known: {', '.join(problem['known_parameters'])}." in problem["detail"]
    else:
        assert problem["known_parameters"] == []


def test_a_key_in_the_address_is_refused_with_where_it_belongs(client, index):
    problem = client.get(f"{LISTINGS}/events?api_key=secret").json()
    assert problem["detail"].startswith("Send the API key in the X-API-Key header")


def test_next_links_carry_only_known_parameters(client, index):
    for number in (1, 2, 3):
        course_day(number, english=False)
    body = client.get(f"{LISTINGS}/events?when=all&theme=medskabelse&limit=1").json()
    following = client.get(body["next"].removeprefix("http://testserver"))
    assert following.status_code == 200
    assert len(following.json()["results"]) == 1


def test_free_seats_leaves_out_cancelled_and_postponed_events(client, index):
    bookable = course_day(1, english=False)
    course_day(2, english=False, status="cancelled")
    course_day(3, english=False, status="postponed")
    results = client.get(f"{LISTINGS}/events?free_seats=true").json()["results"]
    assert [record["id"] for record in results] == [str(bookable.translation_key)]


def test_the_openapi_document_declares_errors_as_problem_details(client):
    document = client.get(f"{LISTINGS}/openapi.json").json()
    responses = document["paths"]["/api/listings/v1/events"]["get"]["responses"]
    assert set(responses["400"]["content"]) == {"application/problem+json"}
    assert set(responses["200"]["content"]) == {"application/json"}
    parameters = {
        parameter["name"] for parameter in document["paths"]["/api/listings/v1/events"]["get"]["parameters"]
    }
    assert {"since", "cursor", "modified_since"} <= parameters
