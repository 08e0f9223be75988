"""Bilingual demo content for the foundation: the home page, the house's standard pages and site settings.

Written from the founders' own description of Innovatarium. Every page is created in Danish and
then translated into English, the way editors work. Images are drawn with Pillow, so nothing is
fetched from the internet.
"""

import json
import random
from io import BytesIO
from urllib.parse import urlsplit

from PIL import Image as PILImage
from PIL import ImageDraw

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images.models import Image
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage, SiteIdentity, StandardPage

NOTE_COLOURS = ["#FDE68A", "#FBCFE8", "#BBF7D0", "#BFDBFE", "#F2A541", "#FFFBF5"]


def draw_note_wall(seed: int, width: int = 1200, height: int = 900) -> bytes:
    """A wall of coloured sticky notes and a light bulb: the house's visual signature."""
    rng = random.Random(seed)
    canvas = PILImage.new("RGB", (width, height), "#FFFBF5")
    draw = ImageDraw.Draw(canvas)
    for _ in range(14):
        size = rng.randint(130, 220)
        note = PILImage.new("RGBA", (size, size), rng.choice(NOTE_COLOURS))
        note_draw = ImageDraw.Draw(note)
        for line in range(3):
            y = 30 + line * 28
            note_draw.line((20, y, size - rng.randint(30, 70), y), fill="#1B1F3B", width=4)
        rotated = note.rotate(rng.uniform(-9, 9), expand=True, fillcolor=(0, 0, 0, 0))
        canvas.paste(rotated, (rng.randint(0, width - size), rng.randint(0, height - size)), rotated)
    centre_x, centre_y = width // 2, height // 2
    draw.ellipse(
        (centre_x - 110, centre_y - 150, centre_x + 110, centre_y + 70),
        fill="#FFB000",
        outline="#1B1F3B",
        width=8,
    )
    draw.rectangle((centre_x - 55, centre_y + 70, centre_x + 55, centre_y + 140), fill="#3A36C9")
    buffer = BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def demo_image(title: str, description: str, seed: int) -> Image:
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    file = ImageFile(BytesIO(draw_note_wall(seed)), name=f"demo-{seed}.png")
    return Image.objects.create(title=title, description=description, file=file)


def rich(*paragraphs: str) -> str:
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def stream(*blocks: tuple[str, object]) -> str:
    return json.dumps([{"type": block_type, "value": value} for block_type, value in blocks])


def same_block_ids(stream_json: str, source_stream) -> str:
    """A translation keeps its source's block ids, as wagtail-localize does, so a later sync lines
    up (and a registration on the English page can name its price by the Danish block's id)."""
    if source_stream is None:
        return stream_json
    blocks = json.loads(stream_json)
    for block, source_block in zip(blocks, source_stream, strict=True):
        block["id"] = source_block.id
    return json.dumps(blocks)


def translate_snippet(obj, english: Locale, **fields):
    """The English translation of a snippet, made the way wagtail-localize does, with English text."""
    translated = obj.copy_for_translation(english)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return translated


def link(label: str, page: Page | None = None, url: str = "") -> dict:
    return {"label": label, "page": page.pk if page else None, "url": url}


STANDARD_PAGES = [
    {
        "slug": "om-huset",
        "en_slug": "about-the-house",
        "show_in_menus": True,
        "da": {
            "title": "Om huset",
            "introduction": "Innovatarium er et praksiscenter for social innovation: et nonprofit hus, hvor "
            "praktikere fra alle sociale professioner og de borgere, de arbejder med, udvikler velfærd sammen.",
            "body": [
                ("heading", {"text": "Samskabelse og empowerment", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "Vi lever i et samfund i konstant udvikling, og vores professioner må følge med. "
                        "Ny viden kommer hele tiden til, så fagpersoner har brug for et sted, hvor de kan "
                        "opdatere deres viden og afprøve nye veje i praksis.",
                        "I huset mødes pædagoger, socialrådgivere, socialpædagoger, sosu-assistenter, "
                        "ergoterapeuter, lærere og sygeplejersker med borgerne. De bærende værdier er "
                        "samskabelse og empowerment.",
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": "Vi skaber innovative tiltag i praksis – på trods af og i kraft af de dilemmaer "
                        "og udfordringer, vi møder i hverdagen.",
                        "attribution": "Stifterne af Innovatarium",
                    },
                ),
                ("heading", {"text": "Sådan arbejder vi", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "Husets ansatte står for vidensopsamling og vidensdeling og faciliterer de "
                        "innovative udviklingsmøder. Driften finansieres af deltagerbetaling, og vi søger "
                        "midler hos organisationer, fonde og fagforeninger."
                    ),
                ),
                (
                    "accordion",
                    {
                        "title": "Ofte stillede spørgsmål",
                        "items": [
                            {
                                "question": "Hvem kan deltage?",
                                "answer": rich(
                                    "Alle fagprofessionelle i velfærdsfeltet og de borgere, de arbejder med."
                                ),
                            },
                            {
                                "question": "Hvad koster det?",
                                "answer": rich(
                                    "Prisen står ved hvert arrangement. Mange arbejdsgivere betaler via "
                                    "elektronisk faktura (EAN)."
                                ),
                            },
                        ],
                    },
                ),
            ],
        },
        "en": {
            "title": "About the house",
            "introduction": "Innovatarium is a practice centre for social innovation: a non-profit house where "
            "practitioners from every social profession and the citizens they work with develop welfare together.",
            "body": [
                ("heading", {"text": "Co-creation and empowerment", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "We live in a society that keeps changing, and our professions have to keep up. New "
                        "knowledge arrives all the time, so professionals need a place to update what they "
                        "know and try new ways of working in practice.",
                        "In the house, pedagogues, social workers, social educators, care workers, occupational "
                        "therapists, teachers and nurses meet the citizens they work with. Our core values are "
                        "co-creation and empowerment.",
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": "We create innovative practice – despite, and because of, the dilemmas and "
                        "challenges we meet every day.",
                        "attribution": "The founders of Innovatarium",
                    },
                ),
                ("heading", {"text": "How we work", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "The staff of the house gather and share knowledge and facilitate the innovation "
                        "meetings. Participation fees fund the house, and we apply for grants from "
                        "organisations, foundations and trade unions."
                    ),
                ),
                (
                    "accordion",
                    {
                        "title": "Frequently asked questions",
                        "items": [
                            {
                                "question": "Who can take part?",
                                "answer": rich(
                                    "Every professional in the welfare field and the citizens they work with."
                                ),
                            },
                            {
                                "question": "What does it cost?",
                                "answer": rich(
                                    "Each event shows its price. Many employers pay by electronic invoice (EAN)."
                                ),
                            },
                        ],
                    },
                ),
            ],
        },
    },
    {
        "slug": "overnatning",
        "en_slug": "accommodation",
        "show_in_menus": True,
        "da": {
            "title": "Overnatning",
            "introduction": "Huset ligger centralt i landet, så deltagere fra hele Danmark kan nå frem – og "
            "blive natten over, når en workshop varer to dage.",
            "body": [
                (
                    "paragraph",
                    rich(
                        "Vi har aftaler med overnatningssteder tæt på huset. Værelser bestilles sammen med "
                        "tilmeldingen til et arrangement.",
                        "Alle værelser er røgfrie, og der er tilgængelige værelser i stueplan.",
                    ),
                ),
                (
                    "table",
                    {
                        "data": [
                            ["Værelse", "Pris pr. nat", "Morgenmad"],
                            ["Enkeltværelse", "695 kr.", "Inkluderet"],
                            ["Dobbeltværelse", "895 kr.", "Inkluderet"],
                        ],
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "table_caption": "Priser på overnatning (inkl. moms)",
                    },
                ),
            ],
        },
        "en": {
            "title": "Accommodation",
            "introduction": "The house is centrally located, so participants from all over Denmark can get "
            "here – and stay the night when a workshop lasts two days.",
            "body": [
                (
                    "paragraph",
                    rich(
                        "We have agreements with places to stay close to the house. Rooms are booked together "
                        "with the registration for an event.",
                        "All rooms are non-smoking, and accessible rooms are available on the ground floor.",
                    ),
                ),
                (
                    "table",
                    {
                        "data": [
                            ["Room", "Price per night", "Breakfast"],
                            ["Single room", "DKK 695", "Included"],
                            ["Double room", "DKK 895", "Included"],
                        ],
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "table_caption": "Accommodation prices (VAT included)",
                    },
                ),
            ],
        },
    },
    {
        "slug": "kontakt",
        "en_slug": "contact",
        "show_in_menus": True,
        "da": {
            "title": "Kontakt",
            "introduction": "Har du en idé, et spørgsmål eller lyst til at samarbejde? Skriv eller ring til os.",
            "body": [
                (
                    "paragraph",
                    rich(
                        'Du kan skrive til os på <a href="mailto:kontakt@innovatarium.dk">'
                        "kontakt@innovatarium.dk</a> eller ringe på 70 20 30 40 på hverdage kl. 9–15."
                    ),
                ),
            ],
        },
        "en": {
            "title": "Contact",
            "introduction": "Do you have an idea, a question or would you like to work with us? Write or call.",
            "body": [
                (
                    "paragraph",
                    rich(
                        'Write to us at <a href="mailto:kontakt@innovatarium.dk">kontakt@innovatarium.dk</a> '
                        "or call +45 70 20 30 40 on weekdays, 9:00–15:00."
                    ),
                ),
            ],
        },
    },
    {
        "slug": "privatlivspolitik",
        "en_slug": "privacy-policy",
        "show_in_menus": False,
        "da": {
            "title": "Privatlivspolitik",
            "introduction": "Sådan behandler vi dine personoplysninger, når du besøger siden eller tilmelder dig.",
            "body": [
                (
                    "paragraph",
                    rich(
                        "Vi gemmer kun de oplysninger, vi har brug for til at afvikle arrangementer og "
                        "sende fakturaer. Oplysninger om kost og tilgængelighed slettes senest 30 dage efter "
                        "arrangementet. Fakturaoplysninger gemmes i fem år efter bogføringsloven.",
                        "Du kan til enhver tid bede om indsigt i eller sletning af dine oplysninger.",
                    ),
                ),
            ],
        },
        "en": {
            "title": "Privacy policy",
            "introduction": "How we handle your personal data when you visit the site or register.",
            "body": [
                (
                    "paragraph",
                    rich(
                        "We keep only the data we need to run events and send invoices. Dietary and "
                        "accessibility notes are deleted no later than 30 days after the event. Invoice details "
                        "are kept for five years, as Danish bookkeeping law requires.",
                        "You can ask to see or delete your data at any time.",
                    ),
                ),
            ],
        },
    },
    {
        "slug": "tilgaengelighedserklaering",
        "en_slug": "accessibility-statement",
        "show_in_menus": False,
        "da": {
            "title": "Tilgængelighedserklæring",
            "introduction": "Innovatarium.dk skal kunne bruges af alle. Vi arbejder efter WCAG 2.1 niveau AA.",
            "body": [
                (
                    "paragraph",
                    rich(
                        "Siden kan bruges med tastatur og skærmlæser, har tydeligt fokus og tekst i "
                        "tilstrækkelig kontrast. Vi tester hver side automatisk for tilgængelighedsfejl.",
                        "Oplever du problemer, så skriv til kontakt@innovatarium.dk – vi svarer inden for "
                        "fem hverdage.",
                    ),
                ),
            ],
        },
        "en": {
            "title": "Accessibility statement",
            "introduction": "Innovatarium.dk must be usable by everyone. We work to WCAG 2.1 level AA.",
            "body": [
                (
                    "paragraph",
                    rich(
                        "The site works with a keyboard and a screen reader, has a clear focus indicator and "
                        "text in sufficient contrast. Every page is tested automatically for accessibility "
                        "errors.",
                        "If you run into problems, write to kontakt@innovatarium.dk – we answer within five "
                        "working days.",
                    ),
                ),
            ],
        },
    },
]


HERO_ACTIONS = {"da": ("Se arrangementer", "Find materiale"), "en": ("See the events", "Find material")}


def home_content(pages: dict[str, Page], language: str) -> dict:
    accommodation = pages["overnatning"]
    if language == "da":
        return {
            "title": "Innovatarium",
            "hero_heading": "Et hus, hvor praksis og borgere udvikler velfærd sammen",
            "hero_text": "Workshops, thinkshops og kursusdage for alle sociale professioner – med samskabelse "
            "og empowerment som bærende værdier.",
            "hero_image_alt": "Farverige post-it-sedler på en væg omkring en pære",
            "introduction": "Innovatarium er et nonprofit praksiscenter for social innovation. Her udveksler "
            "praktikere erfaringer, finder nye løsninger og får konkret sparring på deres idéer.",
            "sticky_notes": [
                ("Hvad ville du prøve, hvis du ikke kunne fejle?", "yellow"),
                ("Hvem mangler ved bordet?", "pink"),
                ("Borgeren er ekspert i eget liv", "green"),
                ("Afprøv det i det små – i morgen", "blue"),
            ],
            "body": [
                ("upcoming_events", {"heading": "Kommende arrangementer", "count": 4}),
                ("featured_resources", {"heading": "Fra biblioteket", "count": 3}),
                (
                    "how_it_works",
                    {
                        "heading": "Sådan foregår det",
                        "items": [
                            {
                                "title": "Workshops",
                                "text": "Deltagere fra praksisfeltet udveksler erfaringer og finder nye "
                                "løsninger sammen.",
                                "link": link(""),
                            },
                            {
                                "title": "Thinkshops",
                                "text": "Oplægsholdere deler viden, og vi omsætter den til idéer, der kan "
                                "afprøves i praksis.",
                                "link": link(""),
                            },
                            {
                                "title": "Huset og overnatning",
                                "text": "Et kreativt hus centralt i landet, med overnatning tæt på.",
                                "link": link("Læs om overnatning", accommodation),
                            },
                        ],
                    },
                ),
                (
                    "call_to_action",
                    {
                        "title": "Har du en idé?",
                        "text": "Fortæl os om en udfordring fra din praksis – måske bliver den næste workshop.",
                        "link": link("Kontakt os", pages["kontakt"]),
                    },
                ),
            ],
        }
    return {
        "title": "Innovatarium",
        "hero_heading": "A house where practitioners and citizens develop welfare together",
        "hero_text": "Workshops, thinkshops and course days for every social profession – built on co-creation "
        "and empowerment.",
        "hero_image_alt": "Colourful sticky notes on a wall around a light bulb",
        "introduction": "Innovatarium is a non-profit practice centre for social innovation. Practitioners "
        "exchange experience here, find new solutions and get concrete sparring on their ideas.",
        "sticky_notes": [
            ("What would you try if you could not fail?", "yellow"),
            ("Who is missing at the table?", "pink"),
            ("Citizens are experts in their own lives", "green"),
            ("Try it out small – tomorrow", "blue"),
        ],
        "body": [
            ("upcoming_events", {"heading": "Upcoming events", "count": 4}),
            ("featured_resources", {"heading": "From the library", "count": 3}),
            (
                "how_it_works",
                {
                    "heading": "How it works",
                    "items": [
                        {
                            "title": "Workshops",
                            "text": "Participants from practice exchange experience and find new solutions "
                            "together.",
                            "link": link(""),
                        },
                        {
                            "title": "Thinkshops",
                            "text": "Speakers share knowledge, and we turn it into ideas that can be tried out "
                            "in practice.",
                            "link": link(""),
                        },
                        {
                            "title": "The house and accommodation",
                            "text": "A creative house in the middle of the country, with places to stay nearby.",
                            "link": link("Read about accommodation", accommodation),
                        },
                    ],
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Do you have an idea?",
                    "text": "Tell us about a challenge from your practice – it may become the next workshop.",
                    "link": link("Contact us", pages["kontakt"]),
                },
            ),
        ],
    }


def _apply(page: Page, content: dict) -> None:
    for field, value in content.items():
        if field == "sticky_notes":
            value = stream(*[("note", {"text": text, "colour": colour}) for text, colour in value])
        elif field == "hero_actions":
            value = stream(*[("link", action) for action in value])
        elif field == "body":
            value = stream(*value)
        setattr(page, field, value)


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _translate(source: Page, english: Locale, content: dict) -> Page:
    """Create the English translation the way wagtail-localize does, then fill in the English text."""
    translated = source.copy_for_translation(english)
    # Links inside StreamFields point at Danish pages; the templates follow them to the visitor's language.
    _apply(translated, content)
    return _publish(translated)


@transaction.atomic
def load_demo_content() -> bool:
    """Create the demo site unless a home page exists already. Returns whether anything was created."""
    if HomePage.objects.exists():
        return False

    danish, _ = Locale.objects.get_or_create(language_code="da")
    english, _ = Locale.objects.get_or_create(language_code="en")
    # A flushed database has no tree root; migrations normally make it.
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=danish)
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    site = Site.objects.filter(is_default_site=True).first()
    welcome = site.root_page if site else None

    hero = demo_image(
        "Idévæggen i Innovatarium", "Farverige post-it-sedler på en væg omkring en pære", seed=3
    )
    home = HomePage(title="Innovatarium", slug="forside", locale=danish, hero_image=hero, social_image=hero)
    home.hero_heading = "…"
    root.add_child(instance=home)
    base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site = site or Site(is_default_site=True)
    site.hostname = base_url.hostname or "localhost"
    site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
    site.root_page = home
    site.site_name = "Innovatarium"
    site.save()
    if welcome is not None and welcome.specific_class is Page:
        welcome.delete()  # Wagtail's "Welcome to your new Wagtail site!" placeholder

    pages: dict[str, Page] = {}
    for spec in STANDARD_PAGES:
        page = StandardPage(slug=spec["slug"], show_in_menus=spec["show_in_menus"], locale=danish)
        _apply(page, spec["da"])
        home.add_child(instance=page)
        pages[spec["slug"]] = _publish(page)

    _apply(home, home_content(pages, "da"))
    home = _publish(home)

    _translate(home, english, {**home_content(pages, "en"), "slug": "home"})
    for spec in STANDARD_PAGES:
        _translate(pages[spec["slug"]], english, {**spec["en"], "slug": spec["en_slug"]})

    from events.demo import load_demo_events
    from library.demo import load_demo_library
    from network.demo import load_demo_network

    events = load_demo_events(home, english)
    library = load_demo_library(home, english)
    load_demo_network(home, english)
    # The hero leads to what visitors come for: the calendar and the material.
    for page, labels in ((home, HERO_ACTIONS["da"]), (home.get_translation(english), HERO_ACTIONS["en"])):
        _apply(page, {"hero_actions": [link(labels[0], events), link(labels[1], library)]})
        _publish(page)

    identity = SiteIdentity.for_site(site)
    identity.organisation_name = "Innovatarium"
    identity.cvr_number = "12345674"
    identity.street_address = "Idéstien 1"
    identity.postal_code = "5500"
    identity.city = "Middelfart"
    identity.phone = "+45 70 20 30 40"
    identity.email = "kontakt@innovatarium.dk"
    identity.linkedin_url = "https://www.linkedin.com/"
    identity.contact_page = pages["kontakt"]
    identity.privacy_page = pages["privatlivspolitik"]
    identity.accessibility_page = pages["tilgaengelighedserklaering"]
    identity.save()
    return True
