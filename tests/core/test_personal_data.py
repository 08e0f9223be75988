"""A person's request covers every place the site keeps their e-mail address: registrations,
contributions, the newsletter, contact addresses and contact messages waiting in the task table."""

import json

import pytest
from django_tasks_db.models import DBTaskResult

from django.contrib.auth.models import Permission
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from wagtail.users.models import UserProfile

from billing.services.orders import Participant, Payer, place_order
from core import personal_data
from core.personal_data import ANONYMOUS_NAME, erase_personal_data, export_personal_data, registered_kinds
from events.models import Registration
from library.contributions import Submission, record_rejection, submit_contribution
from library.models import Contribution, ResourcePage
from network.contact import contact_address_for, recipient_counter_key, recipient_has_room, relay_message
from network.models import ContactAddress, DigestDelivery, PendingSubscription, Subscriber
from people.models import Organisation, Person
from tests.events.factories import local, make_event, make_registration
from tests.library.contribution_factories import contribution_form_page
from tests.network.factories import make_subscriber

pytestmark = pytest.mark.django_db

KAREN = "karen@example.dk"
OTHER = "other@example.dk"
KINDS_IN_EXPORT = {
    "registrations",
    "orders",
    "contributions",
    "newsletter",
    "contact_addresses",
    "contact_messages",
}


def store_everything_about(email: str, title: str, person: Person, recipient: Organisation) -> None:
    """One of each kind of personal data for the address; `person` gets it as contact address,
    and a message from it to `recipient` waits in the database task backend."""
    event = make_event(start=local(2027, 1, 14, 9), end=local(2027, 1, 14, 15), capacity=5)
    make_registration(event, "Karen Østergaard", email=email, dietary_needs="Glutenallergi")
    colleague = Participant(
        name="Kollega",
        email=f"kollega.{title.split()[0].lower()}@example.dk",
        price_option_id=event.price_options[0].id,
    )
    booker = Payer(
        "Karen Østergaard",
        email,
        payer_type="private",
        payer_name="Karen Østergaard",
        billing_address="Skovvej 3\n5500 Middelfart",
    )
    place_order(event, booker, [colleague])
    submit_contribution(
        contribution_form_page(),
        Submission(
            kind="method",
            title=title,
            summary="Kort om metoden.",
            phase="ideate",
            text="Sådan gør vi.",
            name="Karen Østergaard",
            email=email,
            language="da",
        ),
    )
    subscriber = make_subscriber(email=email, wants_events=True, theme_slugs=["samskabelse"])
    DigestDelivery.objects.create(subscriber=subscriber, translation_key=event.translation_key)
    PendingSubscription.objects.create(email=email, language="en", source="footer:/en/", wants_resources=True)
    ContactAddress.objects.create(person=person, email=email, language="en")
    with TestCase.captureOnCommitCallbacks(execute=True):
        relay_message(recipient, "Karen Østergaard", email, "Kan vi tale om jeres metode?")


@pytest.fixture
def two_people(settings):
    """Karen and another person, each with data of every kind; messages wait in the task table,
    as they do in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The demo gives some people and organisations relay addresses of their own; start without.
    ContactAddress.objects.all().delete()
    danish_people = Person.objects.filter(locale__language_code="da").order_by("pk")
    recipient = Organisation.objects.filter(locale__language_code="da").first()
    ContactAddress.objects.create(organisation=recipient, email="kontakt@kommune.example")
    store_everything_about(KAREN.upper(), "Karens metode", danish_people[0], recipient)
    store_everything_about(OTHER, "En andens metode", danish_people[1], recipient)
    return danish_people[0]


def test_the_export_holds_every_kind_for_the_address_in_any_case(two_people):
    exported = export_personal_data("Karen@Example.dk")
    assert set(exported) == KINDS_IN_EXPORT == {kind.key for kind in registered_kinds()}
    (registration,) = exported["registrations"]
    assert registration["dietary_needs"] == "Glutenallergi"
    (contribution,) = exported["contributions"]
    assert contribution["resource"] == "Karens metode"
    assert (contribution["name"], contribution["decision"]) == ("Karen Østergaard", "pending")
    assert contribution["accepted_the_licence"]
    subscriber, sign_up = exported["newsletter"]
    assert subscriber["status"] == "subscribed" and subscriber["themes"] == ["samskabelse"]
    assert subscriber["consent_given_on"] == "page:/nyhedsbrev/" and subscriber["unsubscribed"] is None
    assert subscriber["digest_items_sent"] == 1
    assert sign_up["status"] == "unconfirmed" and sign_up["requested_on"] == "footer:/en/"
    (address,) = exported["contact_addresses"]
    assert address == {
        "for_person": str(two_people),
        "for_organisation": None,
        "email": KAREN.upper(),
        "language": "en",
    }
    (message,) = exported["contact_messages"]
    assert message["message"] == "Kan vi tale om jeres metode?" and message["email"] == KAREN.upper()
    # Nothing of the other person's.
    assert OTHER not in json.dumps(exported) and "En andens metode" not in json.dumps(exported)


def test_erasing_removes_or_anonymises_each_kind_and_leaves_others_alone(two_people):
    before = export_personal_data(OTHER)
    address_id = ContactAddress.objects.get(email__iexact=KAREN).pk
    cache.set(recipient_counter_key(address_id), 3)

    with TestCase.captureOnCommitCallbacks(execute=True):
        counts = erase_personal_data("karen@EXAMPLE.dk")

    assert counts == {
        "registrations": 1,
        "orders": 1,  # the invoice stays (tests/billing/test_personal_data.py)
        "contributions": 1,
        "newsletter": 2,
        "contact_addresses": 1,
        "contact_messages": 1,
    }
    assert export_personal_data(KAREN) == {key: [] for key in KINDS_IN_EXPORT}
    assert Registration.objects.filter(name=ANONYMOUS_NAME, dietary_needs="").count() == 1
    # The shared material stays, without its sender.
    contribution = Contribution.objects.get(page__title="Karens metode")
    assert (contribution.name, contribution.email) == (ANONYMOUS_NAME, "")
    assert contribution.consented_to_licence_at is not None
    assert ResourcePage.objects.filter(title="Karens metode").exists()
    # The subscriber's record of sent items went with it.
    assert DigestDelivery.objects.filter(subscriber__email=OTHER).count() == 1
    assert DigestDelivery.objects.count() == 1
    assert not ContactAddress.objects.filter(person=two_people).exists()
    assert cache.get(recipient_counter_key(address_id)) is None

    assert export_personal_data(OTHER) == before
    assert Subscriber.objects.filter(email=OTHER).exists()
    assert DBTaskResult.objects.filter(task_path="network.tasks.send_contact_message").count() == 1


def test_an_erased_contributor_is_not_told_of_a_later_decision(two_people):
    erase_personal_data(KAREN)
    page = ResourcePage.objects.get(title="Karens metode")
    with TestCase.captureOnCommitCallbacks(execute=True):
        record_rejection(page.pk)
    assert Contribution.objects.get(page=page).decision == "rejected"
    assert mail.outbox == []


def test_erasing_is_all_or_nothing(two_people, monkeypatch):
    def fail(email):
        raise RuntimeError("a later kind fails")

    kinds = registered_kinds()
    broken = personal_data.PersonalData("broken", lambda email: [], fail, kinds[0].erased, "", ())
    monkeypatch.setattr(personal_data, "registered_kinds", lambda: [*kinds, broken])
    with pytest.raises(RuntimeError):
        personal_data.erase_personal_data(KAREN)
    assert Registration.objects.filter(email__iexact=KAREN).exists()
    assert Subscriber.objects.filter(email__iexact=KAREN).exists()
    assert ContactAddress.objects.filter(email__iexact=KAREN).exists()


def test_a_deleted_contact_address_takes_no_more_messages(two_people, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    address = ContactAddress.objects.get(email__iexact=KAREN)
    assert recipient_has_room(address)
    erase_personal_data(KAREN)
    assert contact_address_for(two_people) is None


def test_the_command_exports_and_erases(two_people, capsys):
    call_command("personal_data", "export", KAREN)
    exported = json.loads(capsys.readouterr().out)
    assert {key for key, items in exported.items() if items} == KINDS_IN_EXPORT

    call_command("personal_data", "erase", KAREN)
    out = capsys.readouterr().out
    assert "Registrations anonymised: 1" in out
    assert "Newsletter subscriptions deleted: 2" in out
    assert "Queued contact messages deleted: 1" in out
    assert not Subscriber.objects.filter(email__iexact=KAREN).exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Contributions anonymised: 1", "Contact addresses deleted: 1"]),
        ("da", ["Anonymiserede bidrag: 1", "Slettede kontaktadresser: 1"]),
    ],
)
def test_the_admin_page_exports_and_erases_and_says_what_it_erased(
    two_people, admin_client, admin_user, language, expected
):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    url = reverse("personal_data")
    export = admin_client.post(url, {"email": KAREN, "action": "export", "confirm": "on"})
    assert export["Content-Type"].startswith("application/json")
    assert json.loads(export.content)["contact_addresses"][0]["for_person"] == str(two_people)

    response = admin_client.post(url, {"email": KAREN, "action": "erase", "confirm": "on"}, follow=True)
    page = response.content.decode()
    for line in expected:
        assert line in page
    assert not ContactAddress.objects.filter(email__iexact=KAREN).exists()
    assert ContactAddress.objects.filter(email=OTHER).exists()


def test_the_admin_page_needs_permission_for_every_kind(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="x")  # noqa: S106
    staff.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="delete_registration"),
    )
    client.force_login(staff)
    url = reverse("personal_data")
    assert client.get(url).status_code in (302, 403), "registrations alone are not enough"
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "delete_contribution",
                "delete_subscriber",
                "delete_pendingsubscription",
                "delete_contactaddress",
                "delete_order",
            ]
        )
    )
    staff = django_user_model.objects.get(pk=staff.pk)
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_every_model_that_stores_an_e_mail_address_is_covered_by_a_registered_kind():
    """A new model with an address that no app registers would silently escape every request."""
    from django.apps import apps
    from django.conf import settings
    from django.db import models

    covered = {label.lower() for kind in registered_kinds() for label in kind.models}
    covered.add("home.siteidentity")  # the house's own address, not a person's
    ours = [
        app
        for app in apps.get_app_configs()
        if app.path.startswith(str(settings.BASE_DIR)) and "site-packages" not in app.path
    ]
    holding_addresses = {
        model._meta.label_lower
        for app in ours
        for model in app.get_models()
        if any(isinstance(field, models.EmailField) for field in model._meta.get_fields())
    }
    assert holding_addresses, "the project's own apps must be found"
    assert holding_addresses <= covered, holding_addresses - covered
