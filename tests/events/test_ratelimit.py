"""The address every rate limit counts by: REMOTE_ADDR, or behind our proxies the client they saw."""

from pathlib import Path

import pytest

from django.test import RequestFactory

from events.ratelimit import allow, client_address

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
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        assert allow(request_from(f"{forged}, {VISITOR}"), "test", 3, 60)
    assert not allow(request_from(f"4.4.4.4, {VISITOR}"), "test", 3, 60), "one visitor, one allowance"
    assert allow(request_from("198.51.100.20"), "test", 3, 60), "another visitor behind the same proxy"


def reads_the_address(path: Path) -> bool:
    source = path.read_text(encoding="utf-8")
    return any(f'"{key}"' in source for key in ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR"))


def test_every_rate_limit_reads_the_address_through_client_address():
    readers = [
        path.relative_to(ROOT).as_posix()
        for app in ("events", "library", "network", "partner_api", "search", "home", "innovatarium")
        for path in (ROOT / app).rglob("*.py")
        if reads_the_address(path)
    ]
    assert readers == ["events/ratelimit.py"]
