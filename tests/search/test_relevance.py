"""The relevance table: what a visitor types, and the page that must come first or in the top three.

It runs against the real PostgreSQL index, built with Danish stemming for the Danish pages and
English stemming for the English ones. The queries use inflected forms, compound words and æøå;
the pages are written in other forms of the same words, so only stemming can connect them.
"""

import pytest

from wagtail.models import Locale

from search.site_search import SearchRequest, search
from tests.search.corpus import make_page, make_search_event, make_search_resource

pytestmark = pytest.mark.django_db

DANISH_PAGES = [
    ("Workshop for pædagoger", "Pædagoger udvikler nye lege til børnehaven sammen med forældre."),
    ("Børnehavens uderum", "Sådan bruger børnehaver legepladsen som et rum for læring hele året."),
    ("Samskabelse med borgere", "Samskabelse betyder, at borgere og fagfolk skaber løsninger sammen."),
    ("Sygeplejerskernes arbejdsmiljø", "Om sygeplejerskernes hverdag på hospitaler og i hjemmeplejen."),
    ("Socialrådgiveres netværk", "Et netværk for socialrådgiveres erfaringer med svære sager i kommunen."),
    ("Ældreplejen i fremtiden", "Velfærdsteknologi og nærvær i ældreplejen, set fra medarbejdernes side."),
    ("Prototyper og afprøvning", "Sådan bygger I prototyper af en idé og afprøver dem med brugerne."),
    ("Tværfagligt samarbejde", "Når lærere og sundhedsplejersker arbejder tværfagligt omkring et barn."),
    ("Sprogstimulering i dagtilbud", "Leg med ord: sprogstimulering af de mindste børn i vuggestuen."),
    ("Frivillige foreninger", "Foreningerne og de frivillige bærer meget af fællesskabet i lokalsamfundet."),
    ("Udsatte unge og uddannelse", "Hvordan udsatte unge kommer godt gennem en uddannelse."),
    ("Måltider på plejehjem", "Fælles måltider på plejehjemmene giver beboerne lyst til at spise."),
    ("Døgninstitution i forandring", "Personalet på en døgninstitution fortæller om fællesskaber og ro."),
    ("Gåture som metode", "En gåtur giver samtaler, der ikke opstår ved et bord."),
]
DANISH_EVENTS = [
    ("Kursusdag om inklusion", "En kursusdag om inklusion i folkeskolen for lærere og pædagoger."),
    ("Foredrag om idéudvikling", "Et foredrag om idéudvikling, hvor idéer bliver til forsøg."),
]
DANISH_RESOURCES = [
    ("Samtalekort til forældremøder", "Kort, der får forældrene til at tale sammen om børnenes trivsel."),
    ("Rapport om hjemmeplejens borgere", "Rapporten samler erfaringer fra hjemmeplejen."),
]
ENGLISH_PAGES = [
    ("Innovation in social work", "How social workers run small innovation projects in their teams."),
    ("Workshop for teachers", "A workshop where a teacher and pupils design lessons together."),
    ("Nursing at home", "Nurses share what helps people live well in their own homes."),
    ("Volunteers and associations", "Volunteers keep the local associations going."),
    ("Prototypes and testing", "Build prototypes of an idea and test them with the people who use it."),
    ("Community kitchens", "A community cooks together once a week."),
    ("Shared meals in care homes", "A shared meal makes residents eat better."),
    ("Care for the elderly", "Technology and presence in care for elderly people."),
    ("Library of methods", "Our library collects methods for facilitation of meetings."),
    ("Parents as partners", "Parents and staff plan the day care together."),
]
ENGLISH_EVENTS = [
    ("Lecture on empowerment", "A lecture on empowerment and participation of citizens."),
]
ENGLISH_RESOURCES = [
    ("Journey mapping template", "A template for mapping a citizen's journeys through services."),
]

# (what the visitor types, the title that must be found, the places it may take)
DANISH_QUERIES = [
    ("pædagogerne", "Workshop for pædagoger", 3),
    ("workshoppen", "Workshop for pædagoger", 3),
    ("børnehaverne", "Børnehavens uderum", 1),
    ("samskabelsen", "Samskabelse med borgere", 3),
    ("sygeplejerske", "Sygeplejerskernes arbejdsmiljø", 1),
    ("socialrådgiverne", "Socialrådgiveres netværk", 1),
    ("ældrepleje", "Ældreplejen i fremtiden", 1),
    ("velfærdsteknologien", "Ældreplejen i fremtiden", 3),  # the demo has a page titled with it
    ("prototypen", "Prototyper og afprøvning", 3),  # the demo library has prototype methods too
    ("afprøvningen", "Prototyper og afprøvning", 3),  # …and a logbook template for "afprøvningen"
    ("tværfaglige", "Tværfagligt samarbejde", 1),
    ("sprogstimuleringen", "Sprogstimulering i dagtilbud", 1),
    ("frivilliges foreninger", "Frivillige foreninger", 1),
    ("udsatte unges uddannelser", "Udsatte unge og uddannelse", 1),
    ("måltiderne plejehjem", "Måltider på plejehjem", 1),
    ("døgninstitutionerne", "Døgninstitution i forandring", 1),
    ("gåture", "Gåture som metode", 1),
    ("kursusdage inklusion", "Kursusdag om inklusion", 1),
    ("idéudviklingen", "Foredrag om idéudvikling", 1),
    ("samtalekortene forældremøde", "Samtalekort til forældremøder", 1),
    ("rapporterne hjemmeplejen", "Rapport om hjemmeplejens borgere", 1),
]
ENGLISH_QUERIES = [
    ("innovations", "Innovation in social work", 3),
    ("workshops teachers", "Workshop for teachers", 1),
    ("nurses", "Nursing at home", 1),
    ("volunteering", "Volunteers and associations", 1),
    ("prototyping", "Prototypes and testing", 3),  # the demo library has prototype methods too
    ("communities", "Community kitchens", 1),
    ("meals", "Shared meals in care homes", 1),
    ("elderly care", "Care for the elderly", 1),
    ("libraries", "Library of methods", 1),
    ("facilitated", "Library of methods", 1),
    ("parenting", "Parents as partners", 3),  # demo cases about parents compete
    ("empowerment lectures", "Lecture on empowerment", 1),
    ("templates mapped journey", "Journey mapping template", 1),
]


@pytest.fixture
def corpus(db):
    for title, text in DANISH_PAGES:
        make_page("da", title, text)
    for title, summary in DANISH_EVENTS:
        make_search_event("da", title, summary)
    for title, summary in DANISH_RESOURCES:
        make_search_resource("da", title, summary)
    for title, text in ENGLISH_PAGES:
        make_page("en", title, text)
    for title, summary in ENGLISH_EVENTS:
        make_search_event("en", title, summary, format="lecture")
    for title, summary in ENGLISH_RESOURCES:
        make_search_resource("en", title, summary, resource_type="template")


def test_the_table_is_large_enough():
    assert len(DANISH_QUERIES) >= 15
    assert len(ENGLISH_QUERIES) >= 10


@pytest.mark.parametrize(
    "language_code,queries", [("da", DANISH_QUERIES), ("en", ENGLISH_QUERIES)], ids=["danish", "english"]
)
def test_relevance_table(corpus, language_code, queries):
    """Every row is checked, and every miss is reported with what came instead."""
    locale = Locale.objects.get(language_code=language_code)
    misses = []
    for query, expected, places in queries:
        outcome = search(SearchRequest(query=query), locale)
        titles = [item.page.title for item in outcome.items]
        if expected not in titles[:places]:
            misses.append(f"{query!r}: expected {expected!r} in the first {places}, got {titles[:5]}")
    assert not misses, "\n".join(misses)
