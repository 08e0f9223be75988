"""The library page: combinable facets, counts that match the database, addresses that keep the choice,
bad input that changes nothing, and a query count that does not grow with the number of resources."""

import itertools
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.listing import FACETS, PAGE_SIZE
from library.models import ResourcePage
from tests.clearing import delete_demo_rows
from tests.library.factories import (
    library_index,
    make_resource,
    profession,
    target_group,
    theme,
    translate_resource,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    """A fresh library holding a small, known mix of resources."""
    index = library_index()
    delete_demo_rows(ResourcePage.objects.all())  # the demo library in both languages
    children, elders = target_group("born", "Børn"), target_group("aeldre", "Ældre")
    loneliness, welfare = theme("ensomhed", "Ensomhed"), theme("velfaerdsteknologi", "Velfærdsteknologi")
    pedagogue, nurse = profession("paedagog", "Pædagog"), profession("sygeplejerske", "Sygeplejerske")
    specs = [
        ("method", "ideate", [loneliness], [children], [pedagogue], "under-1h", "3-8", "da", "cc-by-sa-4.0"),
        ("method", "ideate", [loneliness, welfare], [elders], [nurse], "1-3h", "3-8", "da", "cc-by-sa-4.0"),
        ("method", "prototype", [welfare], [elders], [nurse, pedagogue], "half-day", "9-20", "en", "cc0-1.0"),
        ("case", "implement", [loneliness], [elders], [nurse], "", "", "da", "cc-by-sa-4.0"),
        ("case", "spread", [welfare], [children], [pedagogue], "", "", "da", "all-rights-reserved"),
        ("guide", "understand", [], [children, elders], [], "", "", "da-en", "cc-by-4.0"),
        ("report", "implement", [loneliness], [], [nurse], "", "", "da", "cc-by-nc-4.0"),
        ("template", "frame", [], [], [], "under-1h", "1-2", "da", "cc-by-sa-4.0"),
    ]
    for number, (kind, phase, themes, groups, professions, time, size, language, licence) in enumerate(specs):
        make_resource(
            index,
            title=f"Materiale {number}",
            resource_type=kind,
            phase=phase,
            themes=themes,
            target_groups=groups,
            professions=professions,
            time_needed=time,
            group_size=size,
            material_language=language,
            licence=licence,
        )
    return index


def titles(response) -> list[str]:
    return re.findall(r'class="card__title"><a href="[^"]*">([^<]+)</a>', response.content.decode())


def counts(response, key) -> dict[str, int]:
    """The count shown beside each option of one facet."""
    view = next(view for view in response.context["facets"] if view.facet.key == key)
    return {option.value: option.count for option in view.options}


def expected_counts(index, key, selection):
    """What the database says: resources matching every other facet, per option of this one."""
    resources = list(
        ResourcePage.objects.live().child_of(index).prefetch_related("themes", "target_groups", "professions")
    )
    facet = next(facet for facet in FACETS if facet.key == key)

    def values(resource, f):
        if f.is_vocabulary:
            return {item.slug for item in getattr(resource, f.field).all()}
        return {getattr(resource, f.field)} - {""}

    def matches(resource, f, chosen):
        return not chosen or bool(values(resource, f) & set(chosen))

    result: dict[str, int] = {}
    for resource in resources:
        if all(matches(resource, f, selection.get(f.key, [])) for f in FACETS if f.key != key):
            for value in values(resource, facet):
                result[value] = result.get(value, 0) + 1
    return result


def test_all_resources_without_filters(client, library):
    response = client.get(library.url)
    assert sorted(titles(response)) == [f"Materiale {n}" for n in range(8)]
    assert "8 materialer" in response.content.decode()


def test_options_within_a_facet_are_alternatives(client, library):
    response = client.get(library.url, {"type": ["case", "guide"]})
    assert sorted(titles(response)) == ["Materiale 3", "Materiale 4", "Materiale 5"]


def test_facets_combine_and_counts_match_the_database(client, library):
    selection = {"type": ["method"], "theme": ["ensomhed"], "target": ["aeldre"]}
    response = client.get(library.url, selection)
    assert titles(response) == ["Materiale 1"]
    for facet in FACETS:
        assert counts(response, facet.key) == expected_counts(library, facet.key, selection), facet.key


@pytest.mark.parametrize(
    "selection",
    [
        {},
        {"phase": ["ideate", "implement"]},
        {"profession": ["sygeplejerske"], "licence": ["cc-by-sa-4.0"]},
        {"time": ["under-1h", "1-3h"], "size": ["3-8"]},
        {"language": ["da"], "target": ["born"], "theme": ["velfaerdsteknologi", "ensomhed"]},
    ],
)
def test_counts_for_many_combinations_match_the_database(client, library, selection):
    response = client.get(library.url, selection)
    for facet in FACETS:
        assert counts(response, facet.key) == expected_counts(library, facet.key, selection), facet.key


def test_the_choice_is_in_the_address_and_the_form(client, library):
    response = client.get(library.url + "?type=method&phase=ideate")
    html = response.content.decode()
    assert re.search(r'name="type" value="method" checked', html)
    assert re.search(r'name="phase" value="ideate" checked', html)
    # Each chosen option links to the same list without it.
    assert f'href="{library.url}?phase=ideate"' in html
    assert f'href="{library.url}?type=method"' in html


def test_labels_and_counts_are_in_the_visitors_language(client, library):
    english_index = library_index("en")
    for resource in ResourcePage.objects.child_of(library).specific()[:3]:
        translate_resource(resource, slug=f"{resource.slug}-en")
    html = client.get(english_index.url).content.decode()
    assert "3 resources" in html
    assert "Method or tool" in html and "Innovation phase" in html
    assert "Metode eller værktøj" not in html


def test_unknown_and_hostile_values_are_ignored(client, library):
    for query in (
        "?type=spaceship",
        "?theme=%00",
        "?theme=" + "x" * 5000,
        "?phase=ideate%27%3B--",
        "?page=999",
        "?page=-1&licence=<script>",
        "?" + "&".join(f"type=method{n}" for n in range(500)),
    ):
        response = client.get(library.url + query)
        assert response.status_code == 200, query
        assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_empty_result_says_what_to_do(client, library):
    response = client.get(library.url, {"type": ["video"]})
    assert titles(response) == []
    assert "Intet materiale passer til dit valg" in response.content.decode()


def test_pagination_keeps_the_filters(client, library):
    for number in range(PAGE_SIZE):
        make_resource(library, title=f"Ekstra {number}", resource_type="guide")
    response = client.get(library.url, {"type": "guide"})
    html = response.content.decode()
    assert len(titles(response)) == PAGE_SIZE
    assert 'href="?type=guide&amp;page=2"' in html
    assert len(titles(client.get(library.url, {"type": "guide", "page": 2}))) == 1


def _quick_resources(index, count, prefix):
    """Published resources without revisions: enough for counting queries, and fast."""
    kinds = itertools.cycle(["method", "case", "guide", "report", "video", "podcast", "template"])
    phases = itertools.cycle(["understand", "frame", "ideate", "prototype", "implement", "spread"])
    themes = [theme(f"tema-{n}") for n in range(5)]
    for number in range(count):
        resource = ResourcePage(
            title=f"{prefix} {number}",
            slug=f"{prefix}-{number}",
            resource_type=next(kinds),
            phase=next(phases),
            summary="Kort",
            locale=index.locale,
            live=True,
        )
        index.add_child(instance=resource)
        resource.themes.set(themes[: number % 5 + 1])
        resource.target_groups.set([target_group("born")])


def _queries(client, url) -> int:
    client.get(url)  # the site, locale and translation caches are warm in real use
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_is_the_same_for_10_and_300_resources(client):
    index = library_index()
    delete_demo_rows(ResourcePage.objects.all())  # the demo library in both languages
    _quick_resources(index, 10, "hurtig")
    url = index.url + "?theme=tema-1&type=method&type=case"
    with_ten = _queries(client, url)
    _quick_resources(index, 290, "flere")
    with_three_hundred = _queries(client, url)
    assert ResourcePage.objects.child_of(index).count() == 300
    assert with_ten == with_three_hundred, (with_ten, with_three_hundred)
