"""HTTP details of the APIs: every error is problem details with a request id, whatever made it;
HEAD is answered like GET; Deprecation and Sunset once a date is set."""

import datetime as dt
import re

import pytest

from django.test import Client

from tests.api.conftest import LISTINGS, course_day

pytestmark = pytest.mark.django_db


def failing_themes(request):
    raise RuntimeError("a bug")


@pytest.mark.parametrize(
    ("method", "url", "headers", "status"),
    [
        ("post", f"{LISTINGS}/events", {}, 405),
        ("put", "/api/v2/pages/", {}, 405),
        ("get", f"{LISTINGS}/events?q=" + "x" * 2100, {}, 414),
        ("get", f"{LISTINGS}/events", {"HTTP_HOST": "evil.example"}, 400),
        ("get", "/api/v2/pages/", {"HTTP_HOST": "evil.example"}, 400),
        ("get", f"{LISTINGS}/events?limit=0", {}, 400),
        ("get", f"{LISTINGS}/no-such-thing", {}, 404),
        ("get", "/api/v2/pages/999999/", {}, 404),
        ("get", "/api/v2/no-such-thing/", {}, 404),
        ("get", f"{LISTINGS}/vocabularies/themes", {}, 500),
    ],
)
def test_every_api_error_is_problem_details_with_a_request_id(
    index, monkeypatch, method, url, headers, status
):
    monkeypatch.setattr("partner_api.vocabularies._terms", failing_themes)
    client = Client(raise_request_exception=False)
    response = getattr(client, method)(url, **headers)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["title"] and problem["detail"]
    assert re.fullmatch(r"[0-9a-f]{32}", problem["request_id"])
    assert response["X-Request-ID"] == problem["request_id"]
    assert response["Cache-Control"] == "no-store"
    if status == 405:
        assert response["Allow"]
    if status == 500:
        assert "a bug" not in response.content.decode()


def test_a_request_id_the_client_sends_comes_back(client, index):
    sent = client.get(f"{LISTINGS}/events?themes=x", HTTP_X_REQUEST_ID="union-42.7")
    assert sent["X-Request-ID"] == "union-42.7" and sent.json()["request_id"] == "union-42.7"
    unusable = client.get(f"{LISTINGS}/events", HTTP_X_REQUEST_ID="not <ok>")
    assert re.fullmatch(r"[0-9a-f]{32}", unusable["X-Request-ID"])


def test_head_is_answered_like_get_without_a_body(client, index):
    course_day(1)
    got = client.get(f"{LISTINGS}/events")
    head = client.head(f"{LISTINGS}/events")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(got.content))
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Type", "RateLimit-Policy"):
        assert head[header] == got[header], header
    assert client.head(f"{LISTINGS}/events", HTTP_IF_NONE_MATCH=got["ETag"]).status_code == 304


def test_deprecation_and_sunset_once_the_operators_set_dates(client, index, settings):
    assert "Deprecation" not in client.get(f"{LISTINGS}/events")
    settings.LISTINGS_API_DEPRECATED_AT = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    settings.LISTINGS_API_SUNSET_AT = dt.datetime(2028, 6, 1, tzinfo=dt.UTC)
    response = client.get(f"{LISTINGS}/events")
    assert response["Deprecation"] == "@1811808000"
    assert response["Sunset"] == "Thu, 01 Jun 2028 00:00:00 GMT"
    assert response["Link"] == '</api/listings/v1/docs#versioning>; rel="deprecation"; type="text/html"'
