"""Demo directory: the network page in both languages, more partners, themes and relay addresses.

Runs after the events and library demos, which create the people and organisations it shows.
Every organisation and address is fictitious; the addresses use the reserved example.org domain.
"""

from wagtail.models import Locale, Page

from home.demo import translate_snippet
from library.models import LibraryIndexPage
from network.models import ContactAddress, DirectoryPage
from people.models import Organisation, OrganisationKind, Person
from taxonomy.models import Theme

DIRECTORY = {
    "da": {
        "title": "Netværk",
        "slug": "netvaerk",
        "introduction": "Organisationerne og menneskerne bag husets arrangementer og materiale. Find nogen, "
        "der arbejder med det samme som dig, og skriv til dem herfra.",
    },
    "en": {
        "title": "Network",
        "slug": "network",
        "introduction": "The organisations and people behind the events and the material of the house. Find "
        "someone who works on what you work on, and write to them from here.",
    },
}

MORE_ORGANISATIONS = [
    {
        "slug": "lillebaelt-kommune",
        "kind": OrganisationKind.MUNICIPALITY,
        "da": {
            "name": "Lillebælt Kommune",
            "description": "En fiktiv kommune, hvis ældrepleje og dagtilbud afprøver nye arbejdsformer "
            "sammen med borgerne.",
        },
        "en": {
            "name": "Lillebælt Municipality",
            "description": "A fictitious municipality whose elder care and day care try new ways of working "
            "together with citizens.",
        },
    },
    {
        "slug": "professionshojskolen-fyn",
        "kind": OrganisationKind.EDUCATION,
        "da": {
            "name": "Professionshøjskolen Fyn",
            "description": "En fiktiv professionshøjskole, hvis studerende i pædagogik og socialt arbejde "
            "deltager i husets thinkshops.",
        },
        "en": {
            "name": "Funen University College",
            "description": "A fictitious university college whose students of pedagogy and social work join "
            "the thinkshops of the house.",
        },
    },
]

# Organisation slug → the slugs of the themes it works on.
ORGANISATION_THEMES = {
    "fpp": ["samskabelse", "inklusion"],
    "fynsk-velfaerdsfond": ["velfaerdsteknologi", "samskabelse"],
    "netvaerk-socialfaglig-innovation": ["borgerinddragelse", "samskabelse"],
    "lillebaelt-kommune": ["borgerinddragelse", "velfaerdsteknologi"],
    "professionshojskolen-fyn": ["inklusion"],
}

# Who takes messages through the relay, and in which language they are introduced.
CONTACTS = {
    "organisation": [
        ("fpp", "kursus@fpp.example.org", "da"),
        ("lillebaelt-kommune", "innovation@lillebaelt.example.org", "da"),
    ],
    "person": [("mette-skov", "mette.skov@example.org", "da"), ("ahmed-larsen", "ahmed@example.org", "en")],
}


def load_demo_network(home: Page, english: Locale) -> DirectoryPage:
    danish = home.locale
    existing = DirectoryPage.objects.child_of(home).first()
    if existing is not None:
        return existing

    for spec in MORE_ORGANISATIONS:
        organisation = Organisation.objects.create(
            slug=spec["slug"], kind=spec["kind"], locale=danish, **spec["da"]
        )
        translate_snippet(organisation, english, **spec["en"])

    themes = {theme.slug: theme for theme in Theme.objects.filter(locale=danish)}
    for slug, theme_slugs in ORGANISATION_THEMES.items():
        organisation = Organisation.objects.get(slug=slug, locale=danish)
        # Saving the Danish choice gives the English translation the English themes too.
        organisation.themes.set([themes[theme] for theme in theme_slugs])

    # The demo's people are fictitious; real ones are shown only with their consent.
    for person in Person.objects.filter(locale=danish):
        person.show_in_directory = True
        person.save()

    for kind, rows in CONTACTS.items():
        model = Person if kind == "person" else Organisation
        for slug, email, language in rows:
            ContactAddress.objects.create(
                **{kind: model.objects.get(slug=slug, locale=danish)}, email=email, language=language
            )

    page = DirectoryPage(locale=danish, show_in_menus=True, **DIRECTORY["da"])
    home.add_child(instance=page)
    page.save_revision().publish()
    translated = page.copy_for_translation(english)
    for name, value in DIRECTORY["en"].items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    # In the menu right after the library: events, material, then the people behind them.
    for directory in (page, translated):
        library = LibraryIndexPage.objects.sibling_of(directory).filter(locale=directory.locale).first()
        if library is not None:
            directory.move(library, pos="right")
    return page
