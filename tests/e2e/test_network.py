"""Networking in a real browser: newsletter sign-up with double opt-in, with axe-core on every step."""

import re

import pytest
from playwright.sync_api import expect

from django.core import mail

from network.models import PendingSubscription, Subscriber
from tests.e2e.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SITE = {
    "da": {
        "home": "/",
        "signup": "/nyhedsbrev/",
        "heading": "Nyhedsbrev",
        "email": "E-mail",
        "events": "Nye arrangementer",
        "submit": "Tilmeld",
        "errors": "Ret venligst de markerede felter herunder.",
        "sent": "Tjek din indbakke.",
        "confirm": "Ja, tilmeld mig",
        "subscribed": "Du er tilmeldt.",
        "footer_email": "Din e-mail",
        "unsubscribe": "Afmeld",
        "unsubscribed": "Du er afmeldt.",
    },
    "en": {
        "home": "/en/",
        "signup": "/en/newsletter/",
        "heading": "Newsletter",
        "email": "E-mail",
        "events": "New events",
        "submit": "Sign up",
        "errors": "Please correct the fields marked below.",
        "sent": "Check your inbox.",
        "confirm": "Yes, subscribe me",
        "subscribed": "You are subscribed.",
        "footer_email": "Your e-mail",
        "unsubscribe": "Unsubscribe",
        "unsubscribed": "You are unsubscribed.",
    },
}
LANGUAGES = ["da", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_up_flow_has_no_accessibility_violations(demo_site, page, language):
    text = SITE[language]
    page.goto(demo_site.url + text["signup"])
    expect(page.get_by_role("heading", level=1, name=text["heading"])).to_be_visible()
    assert_no_axe_violations(page)

    main = page.locator("main")
    main.get_by_role("button", name=text["submit"]).click()
    expect(page.get_by_text(text["errors"])).to_be_visible()
    assert_no_axe_violations(page)
    assert not mail.outbox

    main.get_by_label(text["email"]).fill("karen@example.dk")
    main.get_by_label(text["events"]).check()
    main.get_by_role("button", name=text["submit"]).click()
    expect(page.get_by_text(text["sent"])).to_be_visible()
    assert_no_axe_violations(page)
    assert not Subscriber.objects.exists()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page.goto(demo_site.url + "/" + link.split("/", 3)[3])
    assert_no_axe_violations(page)
    page.get_by_role("button", name=text["confirm"]).click()
    expect(page.get_by_text(text["subscribed"])).to_be_visible()
    assert_no_axe_violations(page)
    subscriber = Subscriber.objects.get()
    assert subscriber.language == language
    assert subscriber.wants_events and not subscriber.wants_resources


@pytest.mark.parametrize("language", LANGUAGES)
def test_footer_sign_up_works_without_javascript(demo_site, browser, language):
    text = SITE[language]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(demo_site.url + text["home"])
        footer = page.locator("footer")
        footer.get_by_label(text["footer_email"]).fill("ole@example.dk")
        footer.get_by_role("button", name=text["submit"]).click()
        expect(page.get_by_text(text["sent"])).to_be_visible()
        assert mail.outbox[0].to == ["ole@example.dk"]
        assert PendingSubscription.objects.get().source == "footer:" + text["home"]
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_unsubscribe_page_has_no_accessibility_violations(demo_site, page, language):
    from django.utils import timezone

    from network.emails import unsubscribe_url

    subscriber = Subscriber.objects.create(
        email="karen@example.dk",
        language=language,
        wants_events=True,
        consent_at=timezone.now(),
        consent_source="page:/",
        consent_language=language,
    )
    page.goto(demo_site.url + "/" + unsubscribe_url(subscriber).split("/", 3)[3])
    assert_no_axe_violations(page)
    page.get_by_role("button", name=text_for(language, "unsubscribe")).click()
    expect(page.get_by_text(text_for(language, "unsubscribed"))).to_be_visible()
    assert_no_axe_violations(page)
    subscriber.refresh_from_db()
    assert not subscriber.is_subscribed


def text_for(language, key):
    return SITE[language][key]


@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_form_has_no_accessibility_violations(demo_site, page, language):
    from django.urls import reverse
    from django.utils import translation

    from network.models import ContactAddress
    from people.models import Person

    person = Person.objects.filter(locale__language_code="da").first()
    ContactAddress.objects.update_or_create(
        person=person, defaults={"email": "privat@example.dk", "language": "da"}
    )
    with translation.override(language):
        path = reverse("network_contact", args=["person", person.translation_key])
    page.goto(demo_site.url + path)
    assert_no_axe_violations(page)
    main = page.locator("main")
    main.get_by_role("button", name={"da": "Send beskeden", "en": "Send the message"}[language]).click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_no_axe_violations(page)
    assert "privat@example.dk" not in page.content()
