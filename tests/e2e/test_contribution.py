"""The contribution form in a real browser: accessibility empty, with errors and sent; mouse and keyboard."""

import re

import pytest
from playwright.sync_api import expect

from django.core import mail

from library.models import Contribution, ResourcePage
from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.test_events import assert_focus_visible, focused, named, tab_to
from tests.library import files
from tests.library.contribution_factories import FORM_URL, contribution_form_page, moderator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["da", "en"]
SITE = {
    "da": {
        "heading": "Del din viden",
        "kind": "En case",
        "title": "Titel",
        "summary": "Resumé",
        "phase": "Innovationsfase",
        "phase_choice": "Prototype og test",
        "text": "Fortæl os om det",
        "file": "Fil",
        "name": "Navn",
        "email": "E-mail",
        "consent": re.compile(r"^Jeg har ret til at dele dette"),
        "submit": "Send dit bidrag",
        "form_errors": "Ret venligst de markerede felter herunder.",
        "sent": "Tak for dit bidrag",
        "disguised": "Filens navn ender på .pdf, men indholdet er ikke en PDF-fil.",
    },
    "en": {
        "heading": "Share your knowledge",
        "kind": "A case story",
        "title": "Title",
        "summary": "Summary",
        "phase": "Innovation phase",
        "phase_choice": "Prototype and test",
        "text": "Tell us about it",
        "file": "File",
        "name": "Name",
        "email": "E-mail",
        "consent": re.compile(r"^I have the right to share this"),
        "submit": "Send your contribution",
        "form_errors": "Please correct the fields marked below.",
        "sent": "Thank you for your contribution",
        "disguised": "The file's name ends in .pdf, but its content is not a PDF file.",
    },
}
CONTRIBUTION = {
    "title": "Madklub med naboerne",
    "summary": "Beboere og naboer laver mad sammen en gang om ugen.",
    "text": "Vi startede med fire beboere.\n\nNu kommer der tolv hver torsdag.",
    "name": "Jonas Bæk",
    "email": "jonas@example.dk",
}


def label(text: str) -> re.Pattern:
    """A label's exact text; required fields add an asterisk that screen readers do not hear."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def open_form(page, base_url: str, language: str) -> None:
    contribution_form_page(language)
    page.goto(base_url + FORM_URL[language])
    expect(page.locator("h1")).to_have_text(SITE[language]["heading"])


def fill_form(page, language: str) -> None:
    text = SITE[language]
    form = page.locator("form.contribution-form")
    form.get_by_label(text["kind"], exact=True).check()
    form.get_by_label(label(text["title"])).fill(CONTRIBUTION["title"])
    form.get_by_label(label(text["summary"])).fill(CONTRIBUTION["summary"])
    form.get_by_label(label(text["phase"])).select_option(label=text["phase_choice"])
    form.get_by_label(label(text["text"])).fill(CONTRIBUTION["text"])
    form.get_by_label(label(text["name"])).fill(CONTRIBUTION["name"])
    form.get_by_label(label(text["email"])).fill(CONTRIBUTION["email"])
    form.get_by_label(text["consent"]).check()


def send(page, language: str) -> None:
    page.get_by_role("button", name=SITE[language]["submit"], exact=True).click()
    page.wait_for_load_state()


def assert_sent(page, language: str) -> ResourcePage:
    page.wait_for_url(re.compile(r"\?sent=1$"))
    expect(page.get_by_role("heading", name=SITE[language]["sent"])).to_be_visible()
    assert CONTRIBUTION["name"] not in page.content() and CONTRIBUTION["email"] not in page.content()
    resource = ResourcePage.objects.get(title=CONTRIBUTION["title"])
    assert not resource.live and resource.locale.language_code == language
    assert (resource.resource_type, resource.phase) == ("case", "prototype")
    contribution = Contribution.objects.get(page=resource)
    assert (contribution.name, contribution.email, contribution.language) == (
        CONTRIBUTION["name"],
        CONTRIBUTION["email"],
        language,
    )
    return resource


@pytest.mark.parametrize("language", LANGUAGES)
def test_empty_form_has_no_accessibility_violations(demo_site, page, language):
    open_form(page, demo_site.url, language)
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("form.contribution-form")).to_be_visible()
    expect(page.locator(".contribution__guidance")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_with_errors_has_no_accessibility_violations(demo_site, page, language):
    text = SITE[language]
    open_form(page, demo_site.url, language)
    fill_form(page, language)
    page.locator("form.contribution-form").get_by_label(label(text["title"])).fill("")
    page.get_by_label(label(text["file"])).set_input_files(
        {"name": "program.pdf", "mimeType": "application/pdf", "buffer": files.WINDOWS_PROGRAM}
    )
    send(page, language)

    summary = page.locator("#form-errors")
    expect(summary).to_contain_text(text["form_errors"])
    expect(summary).to_be_focused()
    expect(page.locator("[aria-invalid='true']")).to_have_count(2)  # the title and the file
    file_input = page.get_by_label(label(text["file"]))
    expect(file_input).to_have_accessible_description(re.compile(re.escape(text["disguised"])))
    # What the visitor wrote is still there.
    expect(page.get_by_label(label(text["name"]))).to_have_value(CONTRIBUTION["name"])
    # The summary links to the field to correct.
    summary.get_by_role("link", name=text["title"]).click()
    expect(page.get_by_label(label(text["title"]))).to_be_focused()
    assert not ResourcePage.objects.filter(title=CONTRIBUTION["title"]).exists()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_sending_with_a_file_and_the_thank_you_page(demo_site, page, language):
    reviewer = moderator()
    open_form(page, demo_site.url, language)
    fill_form(page, language)
    page.get_by_label(label(SITE[language]["file"])).set_input_files(
        {"name": "madklub.pdf", "mimeType": "application/pdf", "buffer": files.PDF}
    )
    send(page, language)

    resource = assert_sent(page, language)
    assert resource.files.get().document.file_size == len(files.PDF)
    assert_no_axe_violations(page)
    assert any(message.to == [reviewer.email] for message in mail.outbox)
    assert not any(message.to == [CONTRIBUTION["email"]] for message in mail.outbox)


@pytest.mark.parametrize("language", LANGUAGES)
def test_keyboard_visitor_sends_a_contribution(demo_site, page, language):
    text = SITE[language]
    page.emulate_media(reduced_motion="reduce")
    open_form(page, demo_site.url, language)

    page.keyboard.press("Tab")
    assert "skip-link" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # No kind is chosen yet: Tab enters the group on its first option; arrows move to a case story.
    kind = tab_to(page, named("kind"))
    assert kind["value"] == "idea" and kind["checked"] is False
    page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == "case" and focused(page)["checked"] is True

    tab_to(page, named("title"))
    page.keyboard.type(CONTRIBUTION["title"])
    tab_to(page, named("summary"))
    page.keyboard.type(CONTRIBUTION["summary"])
    tab_to(page, named("phase"))
    # Typing the start of an option's name chooses it in a closed list.
    page.keyboard.type(text["phase_choice"][:4])
    assert focused(page)["value"] == "prototype"
    tab_to(page, named("text"))
    page.keyboard.type(CONTRIBUTION["text"])
    # The file is optional: Tab past it.
    tab_to(page, named("file"))
    tab_to(page, named("name"))
    page.keyboard.type(CONTRIBUTION["name"])
    tab_to(page, named("email"))
    page.keyboard.type(CONTRIBUTION["email"])
    consent = tab_to(page, named("consent"))
    assert consent["checked"] is False
    page.keyboard.press("Space")
    assert focused(page)["checked"] is True

    # The licence link comes next, then (past the hidden honeypot) the button.
    licence = tab_to(page, lambda element: element["tag"] == "a")
    assert "CC BY-SA 4.0" in licence["text"]
    submit = tab_to(page, lambda element: element["tag"] == "button" and element["type"] == "submit")
    assert submit["text"] == text["submit"]
    page.keyboard.press("Enter")

    resource = assert_sent(page, language)
    assert [block.value.source for block in resource.body] == [
        "<p>Vi startede med fire beboere.</p>",
        "<p>Nu kommer der tolv hver torsdag.</p>",
    ]
    # After sending, the keyboard visitor can go on from the thank-you links.
    link = tab_to(
        page,
        lambda element: (
            element["tag"] == "a" and element["text"] in ("Tilbage til biblioteket", "Back to the library")
        ),
    )
    assert_focus_visible(link)
