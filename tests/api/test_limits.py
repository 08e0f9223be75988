"""Rate limit and partner keys: anonymous clients get 429 with Retry-After, a key lifts the limit."""

import re

import pytest

from django.contrib.messages import get_messages

from partner_api.models import ApiKey, ApiKeyUsage, hash_key
from tests.api.conftest import LISTINGS, NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(settings):
    settings.LISTINGS_API_RATE_LIMIT = 3
    settings.LISTINGS_API_RATE_WINDOW = 60


def make_key(**fields) -> tuple[ApiKey, str]:
    api_key = ApiKey(partner_name="Fagforeningen for Pædagogisk Praksis", **fields)
    secret = api_key.issue()
    api_key.save()
    return api_key, secret


def test_anonymous_clients_get_429_with_retry_after(client, index, small_limit):
    for _request in range(3):
        assert client.get(f"{LISTINGS}/vocabularies/formats").status_code == 200
    refused = client.get(f"{LISTINGS}/events")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert refused.json()["message"].startswith("Too many requests")
    assert refused.json()["retry_after"] == int(refused["Retry-After"])
    assert refused["Cache-Control"] == "no-store"
    # Another address has its own allowance.
    assert client.get(f"{LISTINGS}/events", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_behind_a_proxy_each_visitor_has_their_own_allowance(client, index, small_limit, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    behind_proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _request in range(3):
        response = client.get(f"{LISTINGS}/events", HTTP_X_FORWARDED_FOR="203.0.113.7", **behind_proxy)
        assert response.status_code == 200
    forged = client.get(f"{LISTINGS}/events", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7", **behind_proxy)
    assert forged.status_code == 429
    other = client.get(f"{LISTINGS}/events", HTTP_X_FORWARDED_FOR="203.0.113.8", **behind_proxy)
    assert other.status_code == 200


def test_a_partner_key_has_its_own_higher_limit_and_counts_usage(client, index, small_limit, settings):
    settings.LISTINGS_API_KEY_RATE_LIMIT = 5
    api_key, secret = make_key()
    for number in range(5):
        response = client.get(f"{LISTINGS}/events", HTTP_X_API_KEY=secret)
        assert response.status_code == 200
        assert response["RateLimit-Policy"] == '"partner-key";q=5;w=60'
        assert response["RateLimit"].startswith(f'"partner-key";r={4 - number};t=')
    assert client.get(f"{LISTINGS}/events").status_code == 200  # anonymous allowance untouched by keyed use
    refused = client.get(f"{LISTINGS}/events", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert refused.status_code == 429 and "with this key" in refused.json()["detail"]
    api_key.refresh_from_db()
    assert api_key.last_used_at == NOW
    assert ApiKeyUsage.objects.get(api_key=api_key, day=NOW.date()).requests == 5
    assert api_key.requests_in_last_30_days() == 5
    # A key's own number wins over the default.
    api_key.rate_limit = 100
    api_key.save()
    allowed = client.get(f"{LISTINGS}/events", HTTP_X_API_KEY=secret)
    assert allowed.status_code == 200 and allowed["RateLimit-Policy"] == '"partner-key";q=100;w=60'


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_AUTHORIZATION": "Bearer guessed"},
        {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},
        {"HTTP_AUTHORIZATION": "Bearer"},
        {"HTTP_X_API_KEY": "<secret>", "HTTP_AUTHORIZATION": "Bearer another"},
    ],
)
def test_a_key_that_does_not_work_is_401_never_anonymous(client, index, headers):
    _api_key, secret = make_key()
    headers = {name: value.replace("<secret>", secret) for name, value in headers.items()}
    response = client.get(f"{LISTINGS}/events", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith('Bearer realm="Innovatarium listings API", error=')
    assert response["Content-Type"] == "application/problem+json"
    assert response["RateLimit-Policy"] == '"anonymous";q=120;w=60'  # counted against the address


def test_a_bearer_key_works_like_x_api_key(client, index):
    api_key, secret = make_key()
    response = client.get(f"{LISTINGS}/events", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200 and response["RateLimit-Policy"].startswith('"partner-key"')
    assert ApiKeyUsage.objects.get(api_key=api_key).requests == 1


def test_every_answer_carries_the_rate_limit(client, index, small_limit):
    for url in (f"{LISTINGS}/events", f"{LISTINGS}/events?themes=x", f"{LISTINGS}/nothing-here"):
        response = client.get(url)
        assert response["RateLimit-Policy"] == '"anonymous";q=3;w=60', url
        assert re.fullmatch(r'"anonymous";r=\d;t=\d+', response["RateLimit"]), url
    refused = client.get(f"{LISTINGS}/events")
    assert refused.status_code == 429 and refused["RateLimit"].startswith('"anonymous";r=0;')


def test_unknown_and_revoked_keys_are_refused(client, index):
    api_key, secret = make_key()
    assert client.get(f"{LISTINGS}/events", HTTP_X_API_KEY="guessed").status_code == 401
    api_key.is_active = False
    api_key.save()
    assert api_key.revoked_at == NOW
    response = client.get(f"{LISTINGS}/events", HTTP_X_API_KEY=secret)
    assert response.status_code == 401
    message = "The API key is unknown or has been revoked."
    assert response.json() == {
        "type": "about:blank",
        "title": "Unauthorized",
        "status": 401,
        "detail": message,
        "message": message,
        "request_id": response["X-Request-ID"],
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="Innovatarium listings API", error="invalid_token"'


def test_keys_are_stored_hashed(index):
    api_key, secret = make_key()
    stored = ApiKey.objects.filter(pk=api_key.pk).values().get()
    assert secret not in str(stored)
    assert stored["key_hash"] == hash_key(secret) and stored["prefix"] == secret[:8]


def test_staff_create_a_key_in_the_admin_and_see_it_once(admin_client, index):
    response = admin_client.post(
        "/admin/api_keys/new/",
        {"partner_name": "FOA", "notes": "Kursuskalender på foa.dk", "is_active": "on"},
    )
    # Shown on the page that answers the POST: never in the messages cookie of a redirect.
    assert response.status_code == 200, response.content[:2000]
    assert "no-store" in response["Cache-Control"]
    api_key = ApiKey.objects.get(partner_name="FOA")
    secret = re.search(re.escape(api_key.prefix) + r"[-_A-Za-z0-9]{35}", response.content.decode()).group()
    assert hash_key(secret) == api_key.key_hash
    assert not list(get_messages(response.wsgi_request))
    assert all(secret not in morsel.value for morsel in response.cookies.values())
    again = admin_client.get("/admin/api_keys/")
    assert b"FOA" in again.content and secret.encode() not in again.content
    edit = admin_client.get(f"/admin/api_keys/edit/{api_key.pk}/")
    assert secret.encode() not in edit.content and api_key.key_hash.encode() not in edit.content
    # Revoking is unticking "active".
    admin_client.post(f"/admin/api_keys/edit/{api_key.pk}/", {"partner_name": "FOA", "notes": ""})
    api_key.refresh_from_db()
    assert not api_key.is_active and api_key.revoked_at == NOW


def test_every_listings_api_error_is_json(client):
    """Found by tests/core/test_hostile_input.py: Ninja's own 405 and a path with a line break
    used to come back as HTML. They are problem details like every other error."""
    for response in (
        client.post("/api/listings/v1/events", {"q": "x"}),
        client.get("/api/listings/v1/events/%0D%0ABcc:%20x"),
        client.get("/api/listings/v1/vocabularies/themes/%0A"),
    ):
        assert response.status_code in (404, 405)
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == response.json()["message"]
    assert client.post("/api/listings/v1/events")["Allow"] == "GET"
