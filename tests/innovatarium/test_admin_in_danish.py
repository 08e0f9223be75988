"""A staff member whose admin language is Danish sees no English in what the project adds to the
admin: every view the project registers (viewsets, snippets, settings, its own URLs) is found from
the URL resolver, opened with an object of its model, and searched for the project's English
msgids and for the English-only strings that reach the admin from elsewhere."""

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import polib
import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from lxml import html

from django.apps import apps
from django.conf import settings
from django.contrib.admin.utils import quote
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from wagtail.admin.viewsets import viewsets as viewsets_registry
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Site
from wagtail.users.models import UserProfile

from billing.models import EInvoiceMessage, EInvoiceStatus, Order
from events.models import Registration
from events.tasks import send_registration_email
from library.contributions import Submission, submit_contribution
from network.models import ContactAddress
from partner_api.models import ApiKey, WebhookDelivery, WebhookEndpoint
from people.models import Person
from tests.billing.factories import invoiced_order, seller_settings
from tests.library.contribution_factories import contribution_form_page
from tests.network.factories import make_subscriber

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES" / "django.po"

# Strings that are not among the project's msgids but reach its admin views in English when nothing
# translates them: Python's booleans and None printed as they are, and Wagtail's and
# wagtail-localize's strings that their own Danish catalogues leave out.
ENGLISH_ONLY = [
    "True",
    "False",
    "None",
    "Choose %(object)s",
    "Choose another %(object)s",
    "Edit this %(object)s",
]

# Attributes a browser shows or a screen reader reads out.
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# Written into Wagtail's templates without gettext, so no catalogue can translate it: the label of
# the header's action buttons, read out by screen readers (wagtailadmin/shared/headers/_actions.html).
UNTRANSLATABLE = {("nav", "aria-label", "Actions")}


def project_apps() -> list:
    """The apps in this repository, not those installed in the virtualenv."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and ".venv" not in Path(config.path).parts
    ]


def project_app_labels() -> set[str]:
    return {config.label for config in project_apps()}


def project_modules() -> tuple[str, ...]:
    return tuple(config.name + "." for config in project_apps())


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace.strip(":"), pattern


def view_model(callback) -> type[models.Model] | None:
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    if model is None:
        model = getattr(getattr(callback, "view_class", None), "model", None)
    return model if isinstance(model, type) and issubclass(model, models.Model) else None


@cache
def viewset_models() -> dict[str, type[models.Model]]:
    """The model of each registered viewset by its URL namespace: the views a viewset adds besides
    Wagtail's generic ones (a PDF, a payment form) are found by the namespace they sit in."""
    found = {}
    for viewset in viewsets_registry.viewsets:
        model = getattr(viewset, "model", None)
        if model is not None and viewset.name:
            found[viewset.url_namespace] = apps.get_model(model) if isinstance(model, str) else model
    return found


# Views of an object that are neither in a viewset nor say their model, by URL name.
MODELS_OF_CUSTOM_VIEWS = {"failed_email": "core.FailedEmail"}


def model_of(pattern: URLPattern, namespace: str) -> type[models.Model] | None:
    if model := view_model(pattern.callback):
        return model
    if pattern.name in MODELS_OF_CUSTOM_VIEWS:
        return apps.get_model(MODELS_OF_CUSTOM_VIEWS[pattern.name])
    return viewset_models().get(namespace.rsplit(":", 1)[-1])


def is_project_view(callback, model) -> bool:
    view = getattr(callback, "view_class", callback)
    return view.__module__.startswith(project_modules()) or (
        model is not None and model._meta.app_label in project_app_labels()
    )


class Arguments:
    """The values a project URL's arguments take: an object of the view's model, or of what the
    argument names (an event page, one of its registrations, the staff user)."""

    def __init__(self, user):
        self.user = user

    def fill(self, names, model) -> dict | None:
        values = {}
        for name in names:
            value = self.value(name, model)
            if value is None:
                return None
            values[name] = value
        return values

    def value(self, name, model):
        if name in ("pk", "object_id", "instance_id"):
            instance = model.objects.order_by("pk").first() if model is not None else None
            return quote(instance.pk) if instance is not None else None
        if name == "page_id":
            registration = Registration.objects.order_by("pk").first()
            return registration.event_id if registration else None
        if name == "registration_id":
            registration = Registration.objects.order_by("pk").first()
            return registration.pk if registration else None
        if name == "user_id":
            return self.user.pk
        if name in ("registration_pk", "invoice_pk") and model is Order:
            # A participant or a document of the order the "pk" above opens.
            order = Order.objects.order_by("pk").first()
            if order is None:
                return None
            related = order.participants if name == "registration_pk" else order.invoices
            first = related.order_by("pk").first()
            return (
                None if first is None else (first.registration_id if name == "registration_pk" else first.pk)
            )
        return None


def project_admin_urls(user) -> tuple[list[str], list[str]]:
    """Every GET-able admin URL the project adds, and the patterns the test could not fill."""
    arguments = Arguments(user)
    urls, unfilled = [], []
    for route, namespace, pattern in walk(get_resolver().url_patterns):
        model = model_of(pattern, namespace)
        if not route.startswith("admin/") or not is_project_view(pattern.callback, model):
            continue
        names = list(pattern.pattern.converters) or list(pattern.pattern.regex.groupindex)
        values = arguments.fill(names, model)
        if values is None:
            unfilled.append(route)
            continue
        url = "/" + route
        for name, value in values.items():
            url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
        urls.append(url)
    site = Site.objects.get(is_default_site=True)
    for model in settings_registry:
        if model._meta.app_label in project_app_labels():
            urls.append(f"/admin/settings/{model._meta.app_label}/{model._meta.model_name}/{site.pk}/")
    return sorted(set(urls)), unfilled


@cache
def english_patterns() -> list[tuple[str, re.Pattern]]:
    """The project's msgids whose Danish differs, and the English-only strings, as whole-text
    patterns: a placeholder matches anything."""
    msgids = list(ENGLISH_ONLY)
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        danish = {entry.msgstr, *entry.msgstr_plural.values()}
        msgids += [msgid for msgid in (entry.msgid, entry.msgid_plural) if msgid and msgid not in danish]
    # A language is named in its own language wherever one is chosen (settings.LANGUAGES).
    native_names = {name for _code, name in settings.LANGUAGES}
    patterns = []
    for msgid in set(msgids) - native_names:
        text = " ".join(msgid.split())
        if not re.search(r"[A-Za-z]{2}", re.sub(r"%\(\w+\)\w|%\w|\{\w*\}", "", text)):
            continue
        regex = re.escape(text)
        regex = re.sub(r"%\\\(\w+\\\)\w|%\w|\\\{\w*\\\}", ".+", regex)
        patterns.append((msgid, re.compile(regex)))
    return patterns


def visible_texts(page: str) -> set[str]:
    """The text a staff member sees or hears: text nodes and the attributes read out, leaving out
    what the page never shows (scripts, hidden elements) and what Wagtail writes without gettext."""
    tree = html.fromstring(page)
    for element in tree.xpath("//script | //style | //template | //*[@hidden]"):
        element.drop_tree()
    texts = set()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            texts.update(filter(None, (element.tail,)))
            continue
        texts.update(filter(None, (element.text, element.tail)))
        texts.update(
            element.get(attribute)
            for attribute in ATTRIBUTES
            if element.get(attribute)
            and (element.tag, attribute, element.get(attribute)) not in UNTRANSLATABLE
        )
    return {" ".join(text.split()).strip(" :") for text in texts} - {""}


def filtered(url: str, page: str) -> str | None:
    """The list at `url` with one choice of each of its filters applied, so that the chips of
    the active filters ("Aktiv: Ja") show too; None for a page without filters."""
    choices = {}
    for field in html.fromstring(page).xpath(
        '//*[@id="filters-drilldown"]//input[@type="radio" or @type="checkbox"][@name][@value!=""]'
    ):
        choices.setdefault(field.get("name"), field.get("value"))
    return f"{url}?{urlencode(choices)}" if choices else None


def english_in(page: str) -> set[str]:
    found = set()
    for text in visible_texts(page):
        for msgid, pattern in english_patterns():
            if pattern.fullmatch(text):
                found.add(f"{msgid!r} in {text!r}")
    return found


@pytest.fixture
def one_of_each(settings, tmp_path, django_capture_on_commit_callbacks):
    """An object of every model the project's admin lists that the demo site has none of: an
    invoiced order for a public payer (registration, invoice, e-invoice), a contribution, a
    subscriber, a contact address, an API key with a webhook and a delivery that waits for its next
    try, and an e-mail that failed for good."""
    settings.EINVOICE_OUTBOX_DIR = tmp_path
    seller_settings()
    with django_capture_on_commit_callbacks(execute=True):
        invoiced_order("public")
    submit_contribution(
        contribution_form_page("da"),
        Submission(
            "method",
            "Borgerpanel",
            "Et panel af borgere.",
            "ideate",
            "Sådan gør vi.",
            "Sofie",
            "sofie@example.dk",
            "da",
        ),
    )
    make_subscriber(wants_events=True)
    ContactAddress.objects.create(person=Person.objects.first(), email="privat@example.dk", language="da")
    key = ApiKey(partner_name="FOA", notes="Kursuskalender")
    key.issue()
    key.save()
    webhook = WebhookEndpoint.objects.create(api_key=key, url="https://foa.example.org/hooks")
    WebhookDelivery.objects.create(
        endpoint=webhook,
        message_type="event.changed",
        kind="event",
        translation_key=Registration.objects.order_by("pk").first().event.translation_key,
        payload={},
        attempts=1,
        last_status_code=500,
        last_error="HTTP 500",
        next_attempt_at=timezone.now(),
    )
    # A failed e-invoice offers "send again"; an e-mail queued in the database can fail for good.
    EInvoiceMessage.objects.update(status=EInvoiceStatus.FAILED)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    registration = Registration.objects.order_by("pk").first()
    result = DBTaskResult.objects.get(pk=send_registration_email.enqueue(registration.pk, "confirmation").id)
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=TaskResultStatus.FAILED,
        worker_ids=["w1"],
        started_at=timezone.now(),
        finished_at=timezone.now(),
        exception_class_path="smtplib.SMTPRecipientsRefused",
        traceback="smtplib.SMTPRecipientsRefused: 550 Mailbox unavailable",
    )


@pytest.fixture
def danish_staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("birgitte", "birgitte@innovatarium.dk", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "da"
    profile.save()
    client.force_login(user)
    return user


def test_every_admin_view_the_project_adds_is_in_danish(client, danish_staff, one_of_each):
    """And loads no avatar from Gravatar, which would send the staff member's e-mail hash away."""
    urls, unfilled = project_admin_urls(danish_staff)
    assert unfilled == [], "say in Arguments how to fill these URLs' arguments"
    assert len(urls) > 100
    english, failing, gravatar, filtered_lists = {}, {}, [], []
    pending = list(urls)
    while pending:
        url = pending.pop(0)
        response = client.get(url, follow=True)
        if response.status_code >= 400 and response.status_code != 405:
            failing[url] = response.status_code
        page = response.content.decode() if response["Content-Type"].startswith("text/html") else ""
        if page and (found := english_in(page)):
            english[url] = sorted(found)
        if "gravatar.com" in page:
            gravatar.append(url)
        if page and "?" not in url and (with_filters := filtered(url, page)):
            filtered_lists.append(with_filters)
            pending.append(with_filters)
    assert filtered_lists, "no list with filters was found"
    assert failing == {}
    assert english == {}
    assert gravatar == []


def test_the_search_finds_what_was_english_before():
    """What the API keys list and the snippet forms showed Danish staff before they were translated."""
    before = (
        '<td><svg class="icon"><use href="#icon-check"></use></svg><span class="w-sr-only">True</span></td>'
        "<button>Choose sted</button><p>Page 1 of 2</p><a href='/admin/'>Home</a>"
        '<button><span>Aktiv:</span> <b class="w-ml-1">True</b></button>'
    )
    assert english_in(before) >= {
        "'True' in 'True'",
        "'Choose %(object)s' in 'Choose sted'",
        "'Page %(page_num)s of %(total_pages)s' in 'Page 1 of 2'",
        "'Home' in 'Home'",
    }
    assert english_in("<p>Vælg sted</p><p>Side 1 af 2</p><span hidden>None</span>") == set()


def test_with_gravatar_on_the_admin_would_load_avatars_from_it(client, danish_staff, settings):
    """The control for the check above: Wagtail's default provider shows up in the page."""
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = "//www.gravatar.com/avatar"
    assert "gravatar.com" in client.get("/admin/api_keys/").content.decode()


# wagtail-localize's translation editor is a JavaScript app: its strings are called as gettext("…")
# in the built bundle, and come from the catalogue its editor page loads.
LOCALIZE_BUNDLE = (
    Path(apps.get_app_config("wagtail_localize").path) / "static/wagtail_localize/js/wagtail-localize.js"
)
BUNDLE_GETTEXT = re.compile(r"\b(\w+)=gettext;var (\w+)=\w+\.n\(\1\)")


def strings_of_the_translation_editor() -> set[str]:
    bundle = LOCALIZE_BUNDLE.read_text()
    # The minified bundle binds gettext to a short name and calls it as `name()("…")`.
    alias = BUNDLE_GETTEXT.search(bundle).group(2)
    return set(re.findall(rf'\b{alias}\(\)\("((?:[^"\\]|\\.)*)"', bundle))


def test_the_translation_editor_speaks_danish(client, danish_staff):
    strings = strings_of_the_translation_editor()
    assert {"Save", "Publish in ", "Not translated", "segments translated"} <= strings

    script = client.get(reverse("wagtail_localize:javascript_catalog")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))

    assert sorted(strings - catalogue.keys()) == []
    assert catalogue["Publish in "] == "Udgiv på "
    assert catalogue["There are unsaved segments. Please save or cancel them before leaving."].startswith(
        "Der er tekststykker"
    )
