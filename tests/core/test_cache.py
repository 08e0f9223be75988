"""The shared cache during a Redis outage (a real Redis of the test's own, killed): pages read it as
empty and go on, counting still says that it cannot count, and it comes back with Redis."""

import pytest

from django.core.cache import cache
from django.test import RequestFactory

from core import cache as shared_cache
from core.cache import CacheUnavailable
from core.ratelimit import Limit
from network.contact import recipient_has_room
from network.models import ContactAddress
from tests.faults.processes import redis_available, redis_server

pytestmark = pytest.mark.skipif(
    not redis_available(), reason="needs redis-server (apt-get install redis-server)"
)


@pytest.fixture
def redis(settings, monkeypatch):
    """The production cache on a Redis of its own; yields the server's process, to kill."""
    monkeypatch.setattr(shared_cache, "PAUSE_SECONDS", 0.0)  # try Redis again at once, for the test
    monkeypatch.setattr(shared_cache, "outages", shared_cache._Outages())
    with redis_server() as (url, process):
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.DegradingRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        yield process


def kill(process):
    process.kill()
    process.wait(10)


def test_an_outage_reads_as_an_empty_cache(redis):
    cache.set("greeting", "hej", 60)
    cache.set_many({"a": 1, "b": 2}, 60)
    assert cache.get("greeting") == "hej"

    kill(redis)

    assert cache.get("greeting") is None
    assert cache.get("greeting", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("new", 1) is False
    cache.set("greeting", "hallo", 60)
    cache.delete("greeting")
    assert cache.get_or_set("computed", lambda: "from the database") == "from the database"
    with pytest.raises(CacheUnavailable):
        cache.incr("a")


def test_after_a_failure_redis_is_left_alone_for_a_pause(redis, monkeypatch, caplog):
    monkeypatch.setattr(shared_cache, "PAUSE_SECONDS", 60.0)
    kill(redis)
    calls = []
    original = shared_cache.RedisCacheClient.get
    monkeypatch.setattr(
        shared_cache.RedisCacheClient, "get", lambda *args: calls.append(1) or original(*args)
    )

    for _request in range(5):
        assert cache.get("anything") is None

    assert len(calls) == 1, "only the first call waits for Redis"
    assert len([record for record in caplog.records if "Cache unavailable" in record.getMessage()]) == 1


def test_limits_fail_as_they_say_when_the_cache_is_down(redis):
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    kill(redis)
    assert Limit("registration", 1).allows(request) is True, "registering must go on"
    assert Limit("contact", 1, fails_open=False).allows(request) is False, "relaying e-mail must not"


@pytest.mark.django_db
def test_the_contact_relay_refuses_while_it_cannot_count_a_recipient(redis):
    address = ContactAddress(pk=1, email="karen@example.dk", language="da")
    assert recipient_has_room(address)
    kill(redis)
    assert recipient_has_room(address) is False


@pytest.mark.django_db
def test_the_health_check_reports_the_cache_without_taking_the_site_out_of_rotation(redis, client):
    assert client.get("/healthz").json()["cache"] == "ok"
    kill(redis)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded" and response.json()["cache"] == "error"
