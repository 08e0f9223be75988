"""Resource pages of every type in both languages: facts, downloads, licence, relations, the method card."""

import json
import re

import pytest

from django.test import Client

from library.vocabulary import ResourceType
from people.models import Organisation, Person
from tests.events.factories import make_event, translate_event
from tests.library.factories import (
    attach_file,
    library_index,
    make_document,
    make_resource,
    profession,
    target_group,
    theme,
    translate_resource,
)

pytestmark = pytest.mark.django_db

STEPS = json.dumps(
    [
        {
            "type": "step",
            "value": {"title": "Saml gruppen", "text": "<p>Sæt jer i en rundkreds.</p>", "minutes": 10},
        },
        {
            "type": "step",
            "value": {"title": "Skriv idéer", "text": "<p>Én idé pr. seddel.</p>", "minutes": None},
        },
    ]
)


def text(response) -> str:
    """The page's visible text with whitespace collapsed, for assertions that ignore markup."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("resource_type", ResourceType.values)
def test_every_type_renders_in_both_languages(client: Client, resource_type):
    resource = make_resource(resource_type=resource_type, title=f"Dansk {resource_type}", phase="prototype")
    english = translate_resource(resource, title=f"English {resource_type}", slug=f"english-{resource_type}")

    danish_page = client.get(resource.url)
    english_page = client.get(english.url)

    assert english.url.startswith("/en/")
    assert danish_page.status_code == english_page.status_code == 200
    assert f"Dansk {resource_type}" in text(danish_page)
    assert "Prototype og test" in text(danish_page)
    assert f"English {resource_type}" in text(english_page)
    assert "Prototype and test" in text(english_page)
    label_da = {"method": "Metode eller værktøj", "case": "Case", "guide": "Guide", "report": "Rapport"}
    if resource_type in label_da:
        assert label_da[resource_type] in text(danish_page)


def test_method_shows_purpose_steps_and_facts(client):
    method = make_resource(
        title="Idéstorm med post-its",
        purpose="Mange idéer på kort tid, også fra de stille.",
        time_needed="1-3h",
        group_size="3-8",
        difficulty="easy",
        delivery_mode="in-person",
        materials="Post-its og tusser",
        steps=STEPS,
        participation_level="involve",
        themes=[theme("legende-laering", "Legende læring")],
        target_groups=[target_group("skoleboern", "Skolebørn i indskolingen")],
        professions=[profession("skolepaedagog", "Skolepædagog")],
    )
    page = text(client.get(method.url))
    for expected in (
        "Hvorfor bruge den",
        "Mange idéer på kort tid",
        "1–3 timer",
        "3–8 personer",
        "Let at gå i gang med",
        "Fysisk",
        "Post-its og tusser",
        "Saml gruppen (10 minutter)",
        "Skriv idéer",
        "Involvere",
        "Legende læring",
        "Skolebørn i indskolingen",
        "Skolepædagog",
        "Metodekort til print",
    ):
        assert expected in page, expected


def test_case_shows_problem_approach_results_and_maturity(client):
    case = make_resource(
        resource_type="case",
        title="Færre ventetimer i jobcentret",
        problem="<p>Borgerne ventede for længe.</p>",
        approach="<p>Vi inviterede borgerne ind i designet.</p>",
        results="<p>Ventetiden faldt til det halve.</p>",
        resources_used="To medarbejdere i tre måneder",
        maturity="implemented",
        place="Middelfart",
        period="2024–2025",
        transfer_potential="Kræver en leder, der tør.",
    )
    page = text(client.get(case.url))
    for expected in (
        "Problemet",
        "Borgerne ventede for længe.",
        "Det gjorde vi",
        "Resultater og effekt",
        "Ventetiden faldt til det halve.",
        "Ressourceforbrug",
        "To medarbejdere i tre måneder",
        "Implementeret",
        "Middelfart, 2024–2025",
        "Kan andre bruge det?",
    ):
        assert expected in page, expected
    assert "Metodekort til print" not in page


def test_downloads_show_role_type_and_size_and_licence_link(client):
    resource = make_resource(licence="cc-by-sa-4.0")
    document = make_document("Metodekort til idéstorm", "idestorm.pdf", b"%PDF-1.4\n" + b"x" * 2048)
    attach_file(resource, role="card", document=document)

    response = client.get(resource.url)
    page = text(response)
    assert "Metodekort til idéstorm" in page
    assert "Kort til print · PDF, 2,0 KB" in page
    html = response.content.decode()
    assert f'href="{document.url}"' in html
    assert (
        'href="https://creativecommons.org/licenses/by-sa/4.0/deed.da" rel="license noopener">CC BY-SA 4.0<'
        in html
    )


def test_english_licence_link_points_at_english_deed(client):
    resource = make_resource(licence="cc-by-4.0")
    english = translate_resource(resource, slug="idea-cards")
    html = client.get(english.url).content.decode()
    assert "https://creativecommons.org/licenses/by/4.0/deed.en" in html


def test_all_rights_reserved_has_no_licence_link(client):
    resource = make_resource(licence="all-rights-reserved")
    response = client.get(resource.url)
    assert "Alle rettigheder forbeholdes" in text(response)
    assert 'rel="license' not in response.content.decode()


def test_related_resources_show_both_ways_in_the_visitors_language(client):
    case = make_resource(resource_type="case", title="Casen fra Kolding")
    method = make_resource(title="Metoden fra Kolding", related_resources=[case])
    english_case = translate_resource(case, title="The Kolding case", slug="kolding-case")
    english_method = translate_resource(method, title="The Kolding method", slug="kolding-method")

    assert "Casen fra Kolding" in text(client.get(method.url))
    assert "Metoden fra Kolding" in text(client.get(case.url))  # linked from the other side
    english_page = text(client.get(english_method.url))
    assert "The Kolding case" in english_page
    assert "Casen fra Kolding" not in english_page
    assert "The Kolding method" in text(client.get(english_case.url))


def test_library_and_calendar_feed_each_other(client):
    event = make_event(title="Thinkshop om ensomhed")
    english_event = translate_event(event, title="Thinkshop on loneliness", slug="thinkshop-loneliness")
    resource = make_resource(title="Samtalekort om ensomhed", related_events=[event])
    english = translate_resource(resource, title="Conversation cards on loneliness", slug="loneliness-cards")

    assert "Thinkshop om ensomhed" in text(client.get(resource.url))
    assert "Thinkshop on loneliness" in text(client.get(english.url))
    assert "Samtalekort om ensomhed" in text(client.get(event.url))
    english_event_page = text(client.get(english_event.url))
    assert "Material from the library" in english_event_page
    assert "Conversation cards on loneliness" in english_event_page
    assert "Samtalekort om ensomhed" not in english_event_page


def test_contributors_are_shown_in_the_visitors_language(client):
    from wagtail.models import Locale

    danish = Locale.objects.get(language_code="da")
    person = Person.objects.create(name="Mette Holm", role="Socialrådgiver", locale=danish)
    organisation = Organisation.objects.create(
        name="Socialrådgiverforeningen i test", slug="ds-test", kind="union", locale=danish
    )
    resource = make_resource(contributor_people=[person], contributor_organisations=[organisation])
    page = text(client.get(resource.url))
    assert "Lavet af" in page
    assert "Mette Holm , Socialrådgiver" in page or "Mette Holm, Socialrådgiver" in page
    assert "Socialrådgiverforeningen i test" in page


def test_method_card_is_a_printable_page(client):
    method = make_resource(title="Idéstorm", steps=STEPS, time_needed="under-1h", licence="cc-by-sa-4.0")
    response = client.get(method.url + "card/")
    page = text(response)
    assert response.status_code == 200
    assert "Metodekort: Idéstorm" in page
    assert "Saml gruppen" in page and "Under en time" in page
    assert "Delt under CC BY-SA 4.0" in page
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_query_count_of_a_resource_page_does_not_grow_with_its_relations(
    client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(resource):
        client.get(resource.url)  # warm the site and locale caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(resource.url).status_code == 200
        return len(queries)

    small = make_resource(related_resources=[make_resource()], themes=[theme("a")])
    attach_file(small)
    many = [make_resource() for _ in range(6)]
    big = make_resource(related_resources=many, themes=[theme(f"t{n}") for n in range(6)])
    for _ in range(5):
        attach_file(big)
    assert count(big) == count(small)


def test_library_index_lists_only_the_visitors_language(client):
    resource = make_resource(title="Kun på dansk")
    english = translate_resource(make_resource(title="Også på engelsk"), title="Also in English", slug="also")
    assert resource.live and english.live
    danish_list = text(client.get(library_index("da").url))
    english_list = text(client.get(library_index("en").url))
    assert "Kun på dansk" in danish_list and "Also in English" not in danish_list
    assert "Also in English" in english_list and "Kun på dansk" not in english_list


def test_the_summary_describes_the_resource_to_search_engines_and_link_previews(client):
    from bs4 import BeautifulSoup

    resource = make_resource(summary="Et kort værktøj til at samle idéer fra hele gruppen.")
    head = BeautifulSoup(client.get(resource.url).content, "lxml").head
    assert head.find("meta", attrs={"name": "description"})["content"] == resource.summary
    assert head.find("meta", property="og:description")["content"] == resource.summary
