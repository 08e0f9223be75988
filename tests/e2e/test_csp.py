"""The Content-Security-Policy and Permissions-Policy in a real browser: every kind of public page, in
both languages, with forms sent and a search made, and not one violation."""

import re

import pytest
from playwright.sync_api import expect

from django.core import mail
from django.urls import reverse
from django.utils import translation

from home.models import StandardPage
from library.models import LibraryIndexPage, ResourcePage
from network.emails import unsubscribe_url
from network.models import ContactAddress, DirectoryPage, Subscriber
from people.models import Organisation, Person
from tests.e2e.test_events import (
    BOOKER,
    E_MAILED_LINK,
    SENT,
    SITE,
    fill_registration,
    submit_registration,
    wait_for_mail,
)
from tests.e2e.test_network import SITE as NETWORK
from tests.library.contribution_factories import contribution_form_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["da", "en"]
SEARCH = {"da": "samskabelse", "en": "workshops"}
ORDER_HEADING = {"da": "Bestilling", "en": "Order"}
NOT_FOUND = {"da": "/findes-ikke/", "en": "/en/does-not-exist/"}
# Reported to the page's script by the browser itself, for every blocked script, style, frame or image.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportPolicyViolation({
        page: location.href,
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
        sample: event.sample,
    });
}, true);
"""
POLICY_WORDS = re.compile(r"Content Security Policy|Content-Security-Policy|Permissions[- ]Policy", re.I)


class PolicyWatch:
    """Everything the browser says about the page's policies while a test drives it."""

    def __init__(self, page, base_url):
        self.base_url = base_url
        self.violations: list[dict] = []
        self.console: list[str] = []
        self.documents: list[str] = []
        page.expose_function("reportPolicyViolation", lambda violation: self.violations.append(violation))
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message):
        if message.type in ("error", "warning") and POLICY_WORDS.search(message.text):
            self.console.append(message.text)

    def _response(self, response):
        if response.request.resource_type != "document" or not response.url.startswith(self.base_url):
            return
        self.documents.append(response.url)
        policy = response.headers.get("content-security-policy", "")
        # Every page is under the enforcing policy of the public site, not a report-only one.
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, response.url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, response.url
        assert "camera=()" in response.headers.get("permissions-policy", ""), response.url

    def assert_clean(self):
        assert self.violations == [], self.violations
        assert self.console == [], self.console


@pytest.fixture
def watch(demo_site, page):
    return PolicyWatch(page, demo_site.url)


def visit(page, url, status=200):
    response = page.goto(url)
    assert response.status == status, (url, response.status)
    page.wait_for_load_state("networkidle")


def settle(page):
    # Violation reports are queued as tasks: give them a moment to arrive.
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(100)


def test_the_watch_catches_a_violation(demo_site, page, watch):
    # The control: without it, a broken listener would let every test below pass.
    visit(page, demo_site.url + "/")
    # What an injected piece of HTML would do: an inline script, an inline style, a style attribute.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.body.dataset.injected = 'yes';";
            document.body.append(script);
            const style = document.createElement("style");
            style.textContent = "body { outline: 1px solid red; }";
            document.head.append(style);
            document.body.insertAdjacentHTML("beforeend", '<p style="color: red">injected</p>');
        }"""
    )
    settle(page)
    assert page.evaluate("document.body.dataset.injected") is None
    directives = {violation["directive"] for violation in watch.violations}
    assert directives >= {"script-src-elem", "style-src-elem", "style-src-attr"}, watch.violations


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_keeps_to_the_policies(demo_site, events, page, watch, language):
    base = demo_site.url
    text = SITE[language]
    event_url = events[language]["event"]
    urls = public_pages(language, event_url)

    for url in urls:
        visit(page, base + url)
    visit(page, base + NOT_FOUND[language], status=404)

    # The event page's registration form: sent empty (the error summary's script comes from a
    # file now), then filled in, ending on the visitor's "my registration" page.
    visit(page, base + event_url)
    # The event's schema.org data is a data block: the policy need not (and does not) allow it.
    assert page.locator('script[type="application/ld+json"]').count() >= 1
    submit_registration(page, language)
    expect(page.locator("#form-errors")).to_contain_text(text["form_errors"])
    fill_registration(page, language)
    submit_registration(page, language)
    page.wait_for_url(SENT)
    settle(page)
    # The participant's "my registration" page and the booker's order page, from their e-mails.
    messages = wait_for_mail(2)
    for heading, message in (
        (
            text["confirmation_heading"],
            next(message for message in messages if message.to != [BOOKER["email"]]),
        ),
        (ORDER_HEADING[language], next(message for message in messages if message.to == [BOOKER["email"]])),
    ):
        visit(page, base + E_MAILED_LINK.search(message.body).group(1))
        expect(page.locator("h1")).to_contain_text(heading)
        settle(page)

    # A search from the header, with the suggestions it fetches while typing.
    visit(page, base + ("/" if language == "da" else "/en/"))
    box = page.get_by_role("combobox").first
    box.press_sequentially(SEARCH[language], delay=30)
    expect(page.get_by_role("listbox")).to_be_visible()
    box.press("Escape")
    box.press("Enter")
    expect(page.locator(".search-result").first).to_be_visible()
    settle(page)

    # The newsletter: sign up, confirm from the e-mail, and the unsubscribe page.
    network = NETWORK[language]
    visit(page, base + network["signup"])
    page.locator("main").get_by_label(network["email"]).fill("karen@example.dk")
    page.locator("main").get_by_label(network["events"]).check()
    page.locator("main").get_by_role("button", name=network["submit"]).click()
    expect(page.get_by_text(network["sent"])).to_be_visible()
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    visit(page, base + "/" + link.split("/", 3)[3])
    page.get_by_role("button", name=network["confirm"]).click()
    expect(page.get_by_text(network["subscribed"])).to_be_visible()
    visit(
        page, base + "/" + unsubscribe_url(Subscriber.objects.get(email="karen@example.dk")).split("/", 3)[3]
    )

    # The page a form lands on when its security token is missing (cookies cleared meanwhile).
    visit(page, base + event_url)
    page.context.clear_cookies()
    submit_registration(page, language)
    expect(page.locator("h1")).to_have_text(
        {"da": "Formularen kunne ikke sendes", "en": "The form could not be sent"}[language]
    )
    settle(page)

    assert len(watch.documents) >= len(urls) + 8
    watch.assert_clean()


def public_pages(language: str, event_url: str) -> list[str]:
    """One page of each kind in the language: the demo site's, and the test's own event."""
    library = LibraryIndexPage.objects.live().get(locale__language_code=language)
    method = (
        ResourcePage.objects.live()
        .filter(locale__language_code=language, resource_type="method")
        .order_by("pk")
        .first()
    )
    other = (
        ResourcePage.objects.live()
        .filter(locale__language_code=language)
        .exclude(resource_type="method")
        .order_by("pk")
        .first()
    )
    directory = DirectoryPage.objects.live().get(locale__language_code=language)
    organisation = Organisation.objects.filter(locale__language_code=language).order_by("pk").first()
    person = Person.objects.filter(locale__language_code=language).order_by("pk").first()
    ContactAddress.objects.update_or_create(
        person=Person.objects.get(translation_key=person.translation_key, locale__language_code="da"),
        defaults={"email": "privat@example.dk", "language": "da"},
    )
    with translation.override(language):
        contact = reverse("network_contact", args=["person", person.translation_key])
    home = "/" if language == "da" else "/en/"
    return [
        home,
        StandardPage.objects.live().filter(locale__language_code=language).order_by("path").first().url,
        SITE[language]["list"],
        SITE[language]["past_list"],
        event_url,
        library.url,
        method.url,
        method.url + "card/",
        other.url,
        contribution_form_page(language).url,
        directory.url,
        directory.url + directory.entry_path(organisation).lstrip("/"),
        directory.url + directory.entry_path(person).lstrip("/"),
        contact,
        {"da": "/s%C3%B8g/?q=p%C3%A6dagogerne", "en": "/en/search/?q=workshops&type=event"}[language],
        "/api/listings/v1/docs",
    ]
