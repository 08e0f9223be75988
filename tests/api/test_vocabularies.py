"""The vocabularies that the filters take, in both languages."""

import pytest

from people.models import Organisation
from taxonomy.models import Profession, Theme
from tests.api.conftest import LISTINGS, PARTNERS, PROFESSIONS, THEMES, assert_expected

pytestmark = pytest.mark.django_db

OURS = {
    "themes": (Theme, THEMES),
    "professions": (Profession, PROFESSIONS),
    "partners": (Organisation, PARTNERS),
}


@pytest.mark.parametrize("name", ["formats", "themes", "professions", "partners"])
def test_vocabularies_match_the_expected_json(client, vocabularies, name):
    response = client.get(f"{LISTINGS}/vocabularies/{name}")
    assert response.status_code == 200 and response["ETag"]
    data = response.json()
    if name in OURS:
        # Every term in the database once, by slug; the terms the tests made, exactly as stored.
        model, ours = OURS[name]
        assert [term["slug"] for term in data["results"]] == sorted(
            set(model.objects.values_list("slug", flat=True))
        )
        data["results"] = [term for term in data["results"] if term["slug"] in {entry[0] for entry in ours}]
    assert_expected(f"vocabulary_{name}", data)


def test_every_listed_slug_is_accepted_as_a_filter(client, index):
    for vocabulary, parameter in (("formats", "format"), ("themes", "theme"), ("partners", "partner")):
        for term in client.get(f"{LISTINGS}/vocabularies/{vocabulary}").json()["results"]:
            response = client.get(f"{LISTINGS}/events?{parameter}={term['slug']}")
            assert response.status_code == 200, (parameter, term["slug"])
