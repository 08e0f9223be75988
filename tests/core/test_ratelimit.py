"""Rate limits: the address they count by (REMOTE_ADDR, or behind our proxies the client they saw),
the window, and what each limit does when the cache cannot be reached."""

from pathlib import Path

import pytest

from django.test import RequestFactory

from core.ratelimit import Limit, client_address, seconds_left

PROXY = "10.0.0.1"
VISITOR = "203.0.113.7"
ROOT = Path(__file__).resolve().parents[2]


def request_from(forwarded_for: str | None = None, remote: str = PROXY):
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return RequestFactory().post("/", REMOTE_ADDR=remote, **headers)


@pytest.fixture
def proxies(settings):
    def behind(count: int):
        settings.TRUSTED_PROXY_COUNT = count

    return behind


def test_without_proxies_the_header_is_ignored(proxies):
    proxies(0)
    assert client_address(request_from(VISITOR)) == PROXY


def test_behind_one_proxy_the_right_most_entry_is_the_visitor(proxies):
    proxies(1)
    assert client_address(request_from(VISITOR)) == VISITOR
    assert client_address(request_from(f"198.51.100.1, {VISITOR}")) == VISITOR


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_visitor(proxies):
    proxies(2)
    assert client_address(request_from(f"198.51.100.1, {VISITOR}, 10.0.0.9")) == VISITOR


def test_an_ipv6_visitor_is_read_too(proxies):
    proxies(1)
    assert client_address(request_from("2001:db8::1")) == "2001:db8::1"


@pytest.mark.parametrize("header", [None, "", " ", "not-an-address", f"{VISITOR}, ", "unknown"])
def test_a_missing_or_malformed_header_falls_back_to_remote_addr(proxies, header):
    proxies(1)
    assert client_address(request_from(header)) == PROXY


def test_a_header_shorter_than_the_proxy_chain_falls_back_to_remote_addr(proxies):
    proxies(2)
    assert client_address(request_from(VISITOR)) == PROXY


def test_a_forged_left_entry_does_not_change_the_count(proxies):
    proxies(1)
    limit = Limit("test", 3, window_seconds=60)
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        assert limit.allows(request_from(f"{forged}, {VISITOR}"))
    assert not limit.allows(request_from(f"4.4.4.4, {VISITOR}")), "one visitor, one allowance"
    assert limit.allows(request_from("198.51.100.20")), "another visitor behind the same proxy"


def reads_the_address(path: Path) -> bool:
    source = path.read_text(encoding="utf-8")
    return any(f'"{key}"' in source for key in ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR"))


def test_every_rate_limit_reads_the_address_through_client_address():
    readers = [
        path.relative_to(ROOT).as_posix()
        for app in ("core", "events", "library", "network", "partner_api", "search", "home", "innovatarium")
        for path in (ROOT / app).rglob("*.py")
        if reads_the_address(path)
    ]
    assert readers == ["core/ratelimit.py"]


def test_the_number_comes_from_the_setting_when_there_is_one(settings):
    limit = Limit("test", 5, setting="TEST_POSTS_PER_HOUR")
    assert limit.number == 5
    settings.TEST_POSTS_PER_HOUR = 2
    assert limit.number == 2
    assert limit.allows(request_from()) and limit.allows(request_from())
    assert not limit.allows(request_from())


def test_retry_after_counts_down_to_the_end_of_the_window(time_machine):
    time_machine.move_to("2027-01-14 09:00:00+00:00", tick=False)
    assert seconds_left(3600) == 3601
    time_machine.move_to("2027-01-14 09:59:30+00:00", tick=False)
    assert seconds_left(3600) == 31


@pytest.fixture
def cache_down(settings):
    """The site's Redis cache where nobody answers, as in an outage: it reads as empty, and counting
    says that it cannot count."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }


def test_during_a_cache_outage_each_limit_fails_the_way_it_says(cache_down):
    assert Limit("open", 1).allows(request_from()) is True
    assert Limit("closed", 1, fails_open=False).allows(request_from()) is False


@pytest.mark.parametrize(
    "address", ["karen@example.dk", "Karen@Example.DK", " karen@example.dk ", "karen+nyt@example.dk"]
)
def test_addresses_that_reach_one_mailbox_count_as_one(address):
    from core.ratelimit import inbox_of

    assert inbox_of(address) == "karen@example.dk"


def test_a_limit_counts_any_identity_and_keeps_no_address_in_the_cache():
    from django.core.cache import cache

    limit = Limit("per-address", 2, window_seconds=60)
    assert [limit.allows_for("karen@example.dk") for _ in range(3)] == [True, True, False]
    assert limit.allows_for("anders@example.dk")
    if isinstance(getattr(cache, "_cache", None), dict):  # local memory
        keys = list(cache._cache)
    else:  # Redis (REDIS_URL), as production runs
        keys = [key.decode() for key in cache._cache.get_client().keys(cache.make_key("ratelimit:*"))]
    assert keys and not any("example.dk" in key for key in keys)
