"""The events in a real browser: list, event page, registration by mouse and by keyboard, accessibility."""

import contextlib
import re
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from stdnum import ean as ean_number

from django.core import mail

from events.models import Registration, RegistrationStatus
from events.models.registration import PayerType
from tests.e2e.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _first_valid_ean(*candidates: str) -> str:
    return next(candidate for candidate in candidates if ean_number.is_valid(candidate))


VALID_EAN = _first_valid_ean("5798000000001", "5790000000001", "5798000000018")
INVALID_EAN = "5798000000002"  # a wrong check digit
assert not ean_number.is_valid(INVALID_EAN)

# What a visitor sees, in each language of the site.
SITE = {
    "da": {
        "list": "/arrangementer/",
        "past_list": "/arrangementer/?when=past",
        "list_heading": "Kommende arrangementer",
        "past_heading": "Tidligere arrangementer",
        "booker_name": "Dit navn",
        "booker_email": "Din e-mail",
        "name": "Navn",
        "email": "E-mail",
        "price": re.compile(r"^Standard – "),
        "payer": "Offentlig institution (EAN)",
        "organisation": "Organisation eller arbejdsplads, der betaler",
        "ean": "EAN-nummer",
        "person_reference": "Personreference",
        "terms": "Jeg accepterer afbudsreglerne og privatlivspolitikken.",
        "submit": "Tilmeld dig",
        "form_errors": "Ret venligst de markerede felter herunder.",
        "sent": "Tjek venligst din e-mail.",
        "confirmation_heading": "Din tilmelding",
        "confirmed": "Bekræftet",
        "subject": "Du er tilmeldt: {title}",
    },
    "en": {
        "list": "/en/events/",
        "past_list": "/en/events/?when=past",
        "list_heading": "Upcoming events",
        "past_heading": "Past events",
        "booker_name": "Your name",
        "booker_email": "Your e-mail",
        "name": "Name",
        "email": "E-mail",
        "price": re.compile(r"^Standard – "),
        "payer": "Public institution (EAN)",
        "organisation": "Organisation or workplace that pays",
        "ean": "EAN number",
        "person_reference": "Person reference",
        "terms": "I accept the cancellation terms and the privacy policy.",
        "submit": "Register",
        "form_errors": "Please correct the fields marked below.",
        "sent": "Please look in your e-mail.",
        "confirmation_heading": "Your registration",
        "confirmed": "Confirmed",
        "subject": "You are registered: {title}",
    },
}
LANGUAGES = ["da", "en"]


# The visitor registers herself; her team leader books (and gets the order's e-mail).
BOOKER = {"name": "Lone Hansen", "email": "lone@example.dk"}
VISITOR = {
    "name": "Karen Østergaard",
    "email": "karen@example.dk",
    "organisation": "Middelfart Kommune",
    "person_reference": "Lone Hansen, afdelingsleder",
}
# After registering, the event page says "check your e-mail" (whether or not the address was
# registered already); the e-mailed link opens the registrant's page.
SENT = re.compile(r"\?sent=1#registration$")
E_MAILED_LINK = re.compile(r"http://testserver(/\S+/)")


def label(text: str) -> re.Pattern:
    """A label's exact text; required fields add an asterisk that screen readers do not hear."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def fill_registration(page, language: str, ean: str = VALID_EAN) -> None:
    text = SITE[language]
    form = page.locator("form.registration-form")
    form.get_by_label(label(text["booker_name"])).fill(BOOKER["name"])
    form.get_by_label(label(text["booker_email"])).fill(BOOKER["email"])
    form.get_by_label(label(text["name"])).fill(VISITOR["name"])
    form.get_by_label(label(text["email"])).fill(VISITOR["email"])
    form.get_by_label(text["price"]).check()
    form.get_by_label(label(text["payer"])).check()
    form.get_by_label(label(text["organisation"])).fill(VISITOR["organisation"])
    form.get_by_label(label(text["ean"])).fill(ean)
    form.get_by_label(label(text["person_reference"])).fill(VISITOR["person_reference"])
    form.get_by_label(label(text["terms"])).check()


def submit_registration(page, language: str) -> None:
    page.get_by_role("button", name=SITE[language]["submit"], exact=True).click()
    page.wait_for_load_state()


def register(page, base_url: str, event: dict, language: str) -> None:
    page.goto(base_url + event["event"])
    fill_registration(page, language)
    submit_registration(page, language)
    page.wait_for_url(SENT)


def wait_for_mail(count: int = 1, timeout: float = 10.0) -> list:
    """The live server's thread sends e-mails once the booking has committed: wait for them a moment."""
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return list(mail.outbox)


def open_e_mailed_link(page, event: dict, language: str, live_server_url: str) -> str:
    """Check the e-mail the registration sent and open its link, as the visitor does; the link."""
    text = SITE[language]
    # The participant's e-mail, and the booker's about the order.
    messages = [message for message in wait_for_mail(2) if message.to != [BOOKER["email"]]]
    assert len(messages) == 1, [message.subject for message in messages]
    assert messages[0].to == [VISITOR["email"]]
    assert messages[0].subject == text["subject"].format(title=event["title"])
    assert any(attachment[0] == "event.ics" for attachment in messages[0].attachments)
    link = E_MAILED_LINK.search(messages[0].body).group(1)
    page.goto(live_server_url + link)
    return link


def assert_confirmed(page, event: dict, language: str, live_server_url: str) -> None:
    text = SITE[language]
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(text["sent"])
    link = open_e_mailed_link(page, event, language, live_server_url)

    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_text(text["confirmation_heading"])
    expect(page.locator(".registration-status")).to_have_text(text["confirmed"])
    # The browser went on to the page without the token: only the link carried it.
    token = link.rstrip("/").split("/")[-1]
    assert token not in page.url and ":" not in page.url.removeprefix(live_server_url)

    registration = Registration.objects.get(email=VISITOR["email"])
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.language == language
    assert registration.event.slug == event["slug"]
    assert registration.payer_type == PayerType.PUBLIC
    assert registration.ean == VALID_EAN
    assert registration.organisation_name == VISITOR["organisation"]
    assert registration.person_reference == VISITOR["person_reference"]
    assert registration.price_label == "Standard"


# ---- 1. Accessibility: no axe-core violations ----------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_event_list_has_no_accessibility_violations(demo_site, events, page, language):
    text = SITE[language]
    page.goto(demo_site.url + text["list"])
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("#event-list-heading")).to_have_text(text["list_heading"])
    expect(page.get_by_role("link", name=events[language]["title"], exact=True)).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_past_events_have_no_accessibility_violations(demo_site, events, page, language):
    text, event = SITE[language], events[language]
    page.goto(demo_site.url + text["past_list"])
    expect(page.locator("#event-list-heading")).to_have_text(text["past_heading"])
    expect(page.get_by_role("link", name=event["past_event"], exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=event["title"], exact=True)).to_have_count(0)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_event_page_has_no_accessibility_violations(demo_site, events, page, language):
    page.goto(demo_site.url + events[language]["event"])
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_text(events[language]["title"])
    expect(page.locator("form.registration-form")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_form_with_errors_has_no_accessibility_violations(demo_site, events, page, language):
    text = SITE[language]
    page.goto(demo_site.url + events[language]["event"])
    submit_registration(page, language)
    expect(page.locator("#form-errors")).to_contain_text(text["form_errors"])
    assert page.locator("[aria-invalid='true']").count() >= 3  # name, e-mail and the invoice fields
    assert not Registration.objects.exists()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_confirmation_pages_have_no_accessibility_violations(demo_site, events, page, language):
    register(page, demo_site.url, events[language], language)
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(SITE[language]["sent"])
    assert_no_axe_violations(page)
    open_e_mailed_link(page, events[language], language, demo_site.url)
    expect(page.locator(".registration-status")).to_have_text(SITE[language]["confirmed"])
    assert_no_axe_violations(page)


# ---- 2. A visitor registers with the mouse ------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_visitor_finds_an_event_and_registers(demo_site, events, page, language):
    text, event = SITE[language], events[language]
    page.goto(demo_site.url + text["list"])
    page.locator(".event-card").get_by_role("link", name=event["title"], exact=True).click()
    page.wait_for_url(demo_site.url + event["event"])
    expect(page.locator("h1")).to_have_text(event["title"])

    fill_registration(page, language)
    submit_registration(page, language)
    page.wait_for_url(SENT)

    assert_confirmed(page, event, language, demo_site.url)


# ---- 3. A visitor registers with the keyboard alone ---------------------------------------------

FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        name: element.getAttribute("name"),
        type: element.getAttribute("type"),
        value: element.value ?? null,
        checked: element.checked ?? null,
        text: (element.innerText || "").trim().slice(0, 80),
        outlineStyle: style.outlineStyle,
        outlineWidth: style.outlineWidth,
        boxShadow: style.boxShadow,
        box: {left: box.left, top: box.top, width: box.width, height: box.height},
        viewport: {width: window.innerWidth, height: window.innerHeight},
    };
}"""


FOCUS_IN_VIEW = """() => {
    const box = document.activeElement.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth;
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def assert_focus_visible(element: dict) -> None:
    outlined = element["outlineStyle"] != "none" and element["outlineWidth"] not in ("0px", "")
    shadowed = element["boxShadow"] not in ("none", "")
    assert outlined or shadowed, f"no visible focus indicator on {element}"
    box, viewport = element["box"], element["viewport"]
    assert box["width"] > 0 and box["height"] > 0, f"the focused element is not rendered: {element}"
    assert box["left"] + box["width"] > 0 and box["left"] < viewport["width"], f"focus off-screen: {element}"
    assert box["top"] + box["height"] > 0 and box["top"] < viewport["height"], f"focus off-screen: {element}"


def tab_to(page, matches, key: str = "Tab", limit: int = 80) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches, checking every stop shows its focus."""
    visited = []
    for _step in range(limit):
        page.keyboard.press(key)
        # The page scrolls (smoothly, unless the visitor asks for less motion) to the focused element.
        with contextlib.suppress(PlaywrightTimeoutError):  # then assert_focus_visible says where it is
            page.wait_for_function(FOCUS_IN_VIEW, timeout=3000)
        element = focused(page)
        assert_focus_visible(element)
        visited.append(element["name"] or element["id"] or element["text"])
        if matches(element):
            return element
    raise AssertionError(f"never reached the element with {key}; visited {visited}")


def named(name: str):
    return lambda element: element["name"] == name


@pytest.mark.parametrize("language", LANGUAGES)
def test_keyboard_visitor_registers(demo_site, events, page, language):
    text = SITE[language]
    # Instant scrolling (the site honours reduced motion) keeps the focus checks deterministic.
    page.emulate_media(reduced_motion="reduce")
    page.goto(demo_site.url + events[language]["event"])

    # From the top: the skip link is the first stop, and it jumps past the header to the content.
    page.keyboard.press("Tab")
    skip_link = focused(page)
    assert "skip-link" in page.evaluate("document.activeElement.className")
    assert_focus_visible(skip_link)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    tab_to(page, named("booker_name"))
    page.keyboard.type(BOOKER["name"])
    tab_to(page, named("booker_email"))
    page.keyboard.type(BOOKER["email"])
    tab_to(page, named("participants-0-name"))
    page.keyboard.type(VISITOR["name"])
    tab_to(page, named("participants-0-email"))
    page.keyboard.type(VISITOR["email"])

    # No price is chosen yet: Tab enters the group on its first option, Standard, and Space chooses it.
    price = tab_to(page, named("participants-0-price_option"))
    assert price["checked"] is False
    page.keyboard.press("Space")
    assert focused(page)["checked"] is True

    # Nobody is chosen to pay for the visitor: Tab enters the payer group on its first option, a
    # private person, and the arrow keys move the choice on to a public institution.
    payer = tab_to(page, named("payer_type"))
    assert payer["value"] == PayerType.PRIVATE and payer["checked"] is False
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == PayerType.PUBLIC and focused(page)["checked"] is True

    tab_to(page, named("organisation_name"))
    page.keyboard.type(VISITOR["organisation"])
    # Go one field too far and come back with Shift+Tab, as people do.
    tab_to(page, named("order_number"))
    tab_to(page, named("ean"), key="Shift+Tab")
    page.keyboard.type(VALID_EAN)
    tab_to(page, named("person_reference"))
    page.keyboard.type(VISITOR["person_reference"])

    terms = tab_to(page, named("accept_terms"))
    assert terms["checked"] is False
    page.keyboard.press("Space")
    assert focused(page)["checked"] is True

    # The hidden honeypot field is out of the tab order: the next stops lead to the submit button.
    submit = tab_to(page, lambda element: element["tag"] == "button" and element["type"] == "submit")
    assert submit["text"] == text["submit"]
    page.keyboard.press("Enter")
    page.wait_for_url(SENT)

    assert_confirmed(page, events[language], language, demo_site.url)
    assert Registration.objects.count() == 1


# ---- 4. A wrong EAN number is explained next to the field ---------------------------------------


def test_invalid_ean_is_explained_at_the_field(demo_site, events, page):
    page.goto(demo_site.url + events["da"]["event"])
    fill_registration(page, "da", ean=INVALID_EAN)
    submit_registration(page, "da")

    message = "Et EAN-nummer har 13 cifre og et gyldigt kontrolciffer"
    error = page.locator("#id_ean_error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(message)
    expect(page.locator("#form-errors")).to_contain_text(SITE["da"]["form_errors"])

    field = page.get_by_label(label(SITE["da"]["ean"]))
    expect(field).to_have_value(INVALID_EAN)
    expect(field).to_have_attribute("aria-invalid", "true")
    described_by = field.get_attribute("aria-describedby").split()
    assert "id_ean_error" in described_by
    assert error.get_attribute("id") == "id_ean_error"
    expect(field).to_have_accessible_description(re.compile(re.escape(message)))
    # Only the EAN number was wrong: the other fields keep what the visitor wrote and are not marked.
    expect(page.locator("[aria-invalid='true']")).to_have_count(1)
    expect(page.get_by_label(label(SITE["da"]["name"]))).to_have_value(VISITOR["name"])
    assert not Registration.objects.exists()
    assert not mail.outbox
    assert_no_axe_violations(page)


def test_only_the_chosen_payers_fields_are_shown_without_javascript(demo_site, events, browser):
    """The style sheet alone decides (:has() on the checked choice), so it works with scripts off."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="da-DK", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(demo_site.url + events["da"]["event"])
        form = page.locator("form.registration-form")

        def shown() -> set[str]:
            names = ("organisation_name", "ean", "order_number", "person_reference", "cvr", "billing_address")
            return {name for name in names if form.locator(f'[name="{name}"]').is_visible()}

        assert shown() == set(), "nothing is asked before the visitor says who pays"
        form.get_by_label(label("Privatperson")).check()
        assert shown() == {"billing_address"}
        form.get_by_label(label("Virksomhed (CVR)")).check()
        assert shown() == {"organisation_name", "cvr", "billing_address"}
        form.get_by_label(label("Offentlig institution (EAN)")).check()
        assert shown() == {"organisation_name", "ean", "order_number", "person_reference"}
    finally:
        context.close()


# ---- 5. A team leader books two colleagues with the keyboard, on a phone -------------------------

COLLEAGUES = [
    {"name": "Karen Østergaard", "email": "karen@example.dk"},
    {"name": "Mads Holm", "email": "mads@example.dk"},
]


def type_into(page, name: str, value: str) -> None:
    tab_to(page, named(name))
    page.keyboard.type(value)


def test_a_team_leader_books_two_colleagues_with_the_keyboard(demo_site, events, page):
    """On a 390-pixel screen (the page fixture's), without the mouse: the booker, the first colleague,
    "Add a participant" (a button that draws the form again with what was typed), the second, the
    payer; then the page says who has a seat, and the booker's e-mailed link opens the order."""
    page.emulate_media(reduced_motion="reduce")
    page.goto(demo_site.url + events["da"]["event"])
    assert page.viewport_size["width"] == 390

    type_into(page, "booker_name", BOOKER["name"])
    type_into(page, "booker_email", BOOKER["email"])
    type_into(page, "participants-0-name", COLLEAGUES[0]["name"])
    type_into(page, "participants-0-email", COLLEAGUES[0]["email"])
    tab_to(page, named("participants-0-price_option"))
    page.keyboard.press("Space")
    add = tab_to(page, named("add_participant"))
    assert add["text"] == "Tilføj en deltager"
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    expect(page.locator("fieldset.participant")).to_have_count(2)
    expect(page.locator('[name="booker_name"]')).to_have_value(BOOKER["name"])
    expect(page.locator('[name="participants-0-name"]')).to_have_value(COLLEAGUES[0]["name"])
    expect(page.locator("#form-errors")).to_have_count(0)
    assert_no_axe_violations(page)

    type_into(page, "participants-1-name", COLLEAGUES[1]["name"])
    type_into(page, "participants-1-email", COLLEAGUES[1]["email"])
    tab_to(page, named("participants-1-price_option"))
    page.keyboard.press("Space")
    payer = tab_to(page, named("payer_type"))
    assert payer["value"] == PayerType.PRIVATE
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    type_into(page, "organisation_name", VISITOR["organisation"])
    type_into(page, "ean", VALID_EAN)
    type_into(page, "person_reference", VISITOR["person_reference"])
    tab_to(page, named("accept_terms"))
    page.keyboard.press("Space")
    submit = tab_to(page, lambda element: element["tag"] == "button" and element["name"] is None)
    assert submit["text"] == SITE["da"]["submit"]
    page.keyboard.press("Enter")
    page.wait_for_url(SENT)

    status = page.get_by_role("main").get_by_role("status")
    expect(status).to_contain_text("Disse deltagere har en plads: Karen Østergaard, Mads Holm.")
    assert_no_axe_violations(page)
    assert sorted(Registration.objects.values_list("name", flat=True)) == ["Karen Østergaard", "Mads Holm"]

    # Both colleagues and the booker get their e-mails; the booker's opens the order with its invoice.
    messages = wait_for_mail(3)
    assert sorted(message.to[0] for message in messages) == [
        "karen@example.dk",
        "lone@example.dk",
        "mads@example.dk",
    ]
    booker = next(message for message in messages if message.to == [BOOKER["email"]])
    page.goto(demo_site.url + re.search(r"http://testserver(/bestilling/\S+/)", booker.body).group(1))
    expect(page.locator("table.order-participants tbody tr")).to_have_count(2)
    expect(page.locator(".order-documents")).to_contain_text("Faktura")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing wider than the phone"
    assert_no_axe_violations(page)
