"""The listings API's reference page in a real browser: accessible, and nothing fetched from elsewhere."""

import pytest

from tests.e2e.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_api_reference_page_is_accessible_and_self_contained(demo_site, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(demo_site.url + "/api/listings/v1/docs")
    assert page.locator("h1").inner_text().startswith("Innovatarium listings API")
    assert page.locator("#listEvents-heading").inner_text() == "GET /api/listings/v1/events"
    assert_no_axe_violations(page)
    assert all(url.startswith(demo_site.url) for url in requested), requested
