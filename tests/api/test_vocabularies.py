"""The vocabularies that the filters take, in both languages."""

import pytest

from tests.api.conftest import LISTINGS, assert_expected

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["formats", "themes", "professions", "partners"])
def test_vocabularies_match_the_expected_json(client, vocabularies, name):
    response = client.get(f"{LISTINGS}/vocabularies/{name}")
    assert response.status_code == 200 and response["ETag"]
    assert_expected(f"vocabulary_{name}", response.json())


def test_every_listed_slug_is_accepted_as_a_filter(client, index):
    for vocabulary, parameter in (("formats", "format"), ("themes", "theme"), ("partners", "partner")):
        for term in client.get(f"{LISTINGS}/vocabularies/{vocabulary}").json()["results"]:
            response = client.get(f"{LISTINGS}/events?{parameter}={term['slug']}")
            assert response.status_code == 200, (parameter, term["slug"])
