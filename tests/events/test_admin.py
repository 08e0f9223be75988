"""Staff work in the Wagtail admin: registration list and export, participants, check-in, dashboard."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst

from wagtail.models import Locale, ModelLogEntry
from wagtail.users.models import UserProfile

from events.admin.dashboard import UpcomingEventsPanel
from events.models import Registration, RegistrationStatus
from events.models.registration import PayerType
from events.services.audit import OFFERED
from events.vocabulary import VatRate
from events.wagtail_hooks import RegistrationViewSet
from people.models import Organisation, OrganisationKind

from .factories import local, make_event, make_registration, translate_event

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"


def in_days(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def upcoming_event(**fields):
    """A two-day event in three weeks, with two seats and accommodation (two rooms a night)."""
    return make_event(
        **{
            "title": "Samskabelse på tværs",
            "start": in_days(21, 9),
            "end": in_days(22, 15),
            "capacity": 2,
            "rooms_per_night": 2,
            "accommodation_price_per_night": Decimal("800.00"),
            **fields,
        }
    )


@pytest.fixture
def event_with_registrations():
    """Full event: Søren (public institution with EAN, two nights) and Karen confirmed, Ib waiting."""
    event = upcoming_event()
    first_night, second_night = event.accommodation_nights()
    soren = make_registration(
        event,
        "Søren Ærø Åberg",
        email="soren@example.dk",
        nights=[first_night, second_night],
        workplace="Børnehuset Æblehaven",
        payer_type="public",
        organisation_name="Københavns Kommune",
        ean="5798000000001",
        cvr="29189846",
        order_number="PO-4711",
        person_reference="Åse Ødegård",
        billing_address="Rådhuspladsen 1\n1599 København V",
    )
    karen = make_registration(event, "Karen Blixen", workplace="Rungstedlund")
    ib = make_registration(event, "Ib Spang", status=RegistrationStatus.WAITING)
    return event, soren, karen, ib


def index_url(**params):
    url = reverse("registrations:index")
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def participants_url(event):
    return reverse("events_admin:participants", args=[event.pk])


# The registration list ---------------------------------------------------------------------------


def test_registration_list_shows_registrations(admin_client, event_with_registrations):
    event, soren, karen, ib = event_with_registrations

    response = admin_client.get(index_url())

    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Søren Ærø Åberg", "Karen Blixen", "Ib Spang"):
        assert name in html
    assert "soren@example.dk" in html
    assert participants_url(event) in html  # "Participants of this event" in each row's menu
    assert reverse("registrations:add") not in html  # registrations are made on the event page only


def test_registration_list_filters_and_search(admin_client, event_with_registrations):
    event, soren, karen, ib = event_with_registrations
    other_event = upcoming_event(title="Et andet arrangement")
    make_registration(other_event, "Xenia Andersen")

    def names(**params):
        response = admin_client.get(index_url(**params))
        assert response.status_code == 200
        return {registration.name for registration in response.context["object_list"]}

    assert names(event=event.pk) == {"Søren Ærø Åberg", "Karen Blixen", "Ib Spang"}
    assert names(event=other_event.pk) == {"Xenia Andersen"}
    assert names(event=event.pk, status="waiting") == {"Ib Spang"}
    assert names(event=event.pk, status="confirmed") == {"Søren Ærø Åberg", "Karen Blixen"}
    assert names(payer_type="public") == {"Søren Ærø Åberg"}
    assert names(event=event.pk, language="en") == set()
    assert names(q="rungsted") == {"Karen Blixen"}
    assert names(q="KAREN") == {"Karen Blixen"}

    karen.checked_in_at = timezone.now()
    karen.save()
    assert names(event=event.pk, checked_in="true") == {"Karen Blixen"}


def test_add_is_refused_even_for_a_superuser(admin_client):
    response = admin_client.get(reverse("registrations:add"))

    assert response.status_code == 302
    assert Registration.objects.count() == 0


# The export ----------------------------------------------------------------------------------------


def read_csv(response) -> tuple[bytes, str, list[str], list[dict]]:
    """The raw body, the delimiter, the headings and the rows keyed by the viewset's export fields."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    text = body.decode("utf-8-sig")
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert len(header) == len(RegistrationViewSet.list_export)
    return (
        body,
        delimiter,
        header,
        [dict(zip(RegistrationViewSet.list_export, row, strict=True)) for row in rows],
    )


def test_csv_export_opens_in_danish_excel(admin_client, event_with_registrations):
    event, soren, karen, ib = event_with_registrations

    response = admin_client.get(index_url(event=event.pk, export="csv"), HTTP_ACCEPT_LANGUAGE="da")
    body, delimiter, header, rows = read_csv(response)

    # A byte order mark so that Excel reads UTF-8, and Danish Excel's list separator and decimal comma.
    assert body.startswith(BOM)
    assert "Søren Ærø Åberg".encode() in body
    assert delimiter == ";"
    assert 'filename="registrations-' in response["Content-Disposition"]
    assert event.slug in response["Content-Disposition"]
    with translation.override("da"):
        assert header[RegistrationViewSet.list_export.index("cvr")] == capfirst(
            Registration._meta.get_field("cvr").verbose_name
        )

    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == {"Søren Ærø Åberg", "Karen Blixen", "Ib Spang"}
    soren_row = by_name["Søren Ærø Åberg"]
    assert soren_row["id"] == str(soren.pk)
    assert soren_row["event"] == "Samskabelse på tværs"
    assert soren_row["price_label"] == "Standard"
    assert soren_row["price_amount"] == "1500,00"
    assert soren_row["accommodation_nights"] == "2"
    assert soren_row["accommodation_price_per_night"] == "800,00"
    assert soren_row["accommodation_price"] == "1600,00"
    assert soren_row["total"] == "3100,00"
    assert soren_row["organisation_name"] == "Københavns Kommune"
    assert soren_row["cvr"] == "29189846"
    assert soren_row["ean"] == "5798000000001"
    assert soren_row["order_number"] == "PO-4711"
    assert soren_row["person_reference"] == "Åse Ødegård"
    assert soren_row["billing_address"] == "Rådhuspladsen 1\n1599 København V"
    assert by_name["Karen Blixen"]["total"] == "1500,00"
    assert by_name["Karen Blixen"]["accommodation_price_per_night"] == ""
    with translation.override("da"):
        assert soren_row["vat_rate"] == str(VatRate.EXEMPT.label)
        assert soren_row["payer_type"] == str(PayerType.PUBLIC.label)
        assert by_name["Ib Spang"]["status"] == str(RegistrationStatus.WAITING.label)
    # The waiting list owes nothing yet: its row names the price chosen, but adds nothing to the totals.
    assert by_name["Ib Spang"]["price_amount"] == "1500,00"
    assert by_name["Ib Spang"]["total"] == by_name["Ib Spang"]["accommodation_price"] == ""
    # Health data stays out of the bookkeeper's file.
    assert "dietary_needs" not in RegistrationViewSet.list_export


def test_csv_export_in_english_uses_commas(admin_client, admin_user, event_with_registrations):
    event, *_ = event_with_registrations
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()

    body, delimiter, header, rows = read_csv(admin_client.get(index_url(event=event.pk, export="csv")))

    assert body.startswith(BOM)
    assert delimiter == ","
    assert "Total (DKK)" in header
    assert "EAN number" in header
    assert sorted(row["total"] for row in rows) == ["", "1500.00", "3100.00"]
    assert {row["payer_type"] for row in rows} == {"Public institution (EAN)", "Private person"}


def test_the_exports_are_buttons_beside_the_title_and_keep_the_filter(admin_client, event_with_registrations):
    event, *_ = event_with_registrations

    page = BeautifulSoup(admin_client.get(index_url(event=event.pk)).content, "lxml")

    header = page.select_one("header")
    exports = {a.get_text(strip=True): a["href"] for a in header.select("a.button[href*='export=']")}
    assert exports == {
        "Hent XLSX": index_url(event=event.pk, export="xlsx"),
        "Hent CSV": index_url(event=event.pk, export="csv"),
    }
    # Not a second time inside the "Actions" menu.
    assert len(page.select("a[href*='export=csv']")) == 1


def test_csv_export_defuses_formulas(admin_client):
    event = upcoming_event()
    make_registration(event, '=HYPERLINK("http://evil.example")', email="evil@example.dk")

    _, _, _, rows = read_csv(admin_client.get(index_url(event=event.pk, export="csv")))

    assert rows[0]["name"] == '\'=HYPERLINK("http://evil.example")'


def test_xlsx_export(admin_client, event_with_registrations):
    event, *_ = event_with_registrations

    response = admin_client.get(index_url(event=event.pk, export="xlsx"))

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *rows = list(workbook.active.iter_rows(values_only=True))
    assert len(header) == len(RegistrationViewSet.list_export)
    rows = [dict(zip(RegistrationViewSet.list_export, row, strict=True)) for row in rows]
    soren = next(row for row in rows if row["name"] == "Søren Ærø Åberg")
    ib = next(row for row in rows if row["name"] == "Ib Spang")
    assert sum(row["total"] or 0 for row in rows) == 3100 + 1500  # the waiting list adds nothing
    assert ib["total"] is None and ib["price_amount"] == 1500
    assert soren["total"] == 3100
    assert soren["price_amount"] == 1500
    assert soren["accommodation_nights"] == 2
    assert soren["ean"] == "5798000000001"
    assert soren["organisation_name"] == "Københavns Kommune"
    # Wall-clock time in Denmark, as staff read it.
    assert soren["event_start"] == timezone.make_naive(event.start).replace(microsecond=0)


def test_staff_edit_invoice_details_but_not_the_booking(admin_client, event_with_registrations):
    event, soren, karen, ib = event_with_registrations
    edit_url = reverse("registrations:edit", args=[karen.pk])

    form = admin_client.get(edit_url)
    assert form.status_code == 200
    assert 'name="billing_address"' in form.content.decode()
    assert 'name="status"' not in form.content.decode()
    assert 'name="price_amount"' not in form.content.decode()

    response = admin_client.post(
        edit_url,
        {
            "name": "Karen Blixen",
            "email": karen.email,
            "phone": "",
            "workplace": "Rungstedlund",
            "profession": "",
            "language": "da",
            "payer_type": "company",
            "organisation_name": "Rungstedlundfonden",
            "cvr": "12345678",
            "ean": "",
            "order_number": "",
            "person_reference": "",
            "billing_address": "Rungsted Strandvej 111\n2960 Rungsted Kyst",
            "dietary_needs": "",
            "accessibility_needs": "",
        },
    )

    assert response.status_code == 302
    karen.refresh_from_db()
    assert karen.organisation_name == "Rungstedlundfonden"
    assert karen.status == RegistrationStatus.CONFIRMED
    assert admin_client.get(reverse("registrations:inspect", args=[karen.pk])).status_code == 200


def test_editing_to_an_e_mail_already_registered_is_refused(admin_client, event_with_registrations):
    event, soren, karen, ib = event_with_registrations
    edit_url = reverse("registrations:edit", args=[karen.pk])
    form = admin_client.get(edit_url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}

    response = admin_client.post(edit_url, {**data, "email": "SOREN@example.dk"})

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    karen.refresh_from_db()
    assert karen.email == "karen@example.dk"


# An event's participants ---------------------------------------------------------------------------


def test_participants_view_shows_counts_rooms_and_revenue(admin_client, event_with_registrations):
    event, soren, karen, ib = event_with_registrations
    make_registration(event, "Tove Ditlevsen", status=RegistrationStatus.CANCELLED)

    response = admin_client.get(participants_url(event))

    assert response.status_code == 200
    context = response.context
    assert context["seats_taken"] == 2
    assert context["seats_left"] == 0
    assert context["confirmed_count"] == 2
    assert [r.name for r in context["waiting"]] == ["Ib Spang"]
    assert [r.name for r in context["inactive"]] == ["Tove Ditlevsen"]
    # Søren 1500 + two nights at 800, Karen 1500.
    assert context["revenue"] == Decimal("4600.00")
    assert [(night.booked, night.rooms) for night in context["nights"]] == [(1, 2), (1, 2)]
    assert not context["can_offer"]  # the event is full
    html = response.content.decode()
    assert "2 / 2" in html
    assert "4.600,00" in html
    assert "Søren Ærø Åberg" in html and "Ib Spang" in html


def test_participants_view_is_linked_from_the_event_page_editor(admin_client):
    event = upcoming_event()

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))

    assert response.status_code == 200
    assert participants_url(event) in response.content.decode()


def test_participants_of_a_translation_are_those_of_the_event(admin_client, event_with_registrations):
    event, *_ = event_with_registrations
    english = translate_event(event, title="Co-creation across professions")

    response = admin_client.get(participants_url(english))

    assert response.status_code == 200
    assert response.context["event"].pk == event.pk
    assert response.context["confirmed_count"] == 2


def test_participants_button_in_the_page_explorer(admin_client):
    event = upcoming_event()

    response = admin_client.get(reverse("wagtailadmin_explore", args=[event.get_parent().pk]))

    assert response.status_code == 200
    assert participants_url(event) in response.content.decode()


def test_actions_are_csrf_protected(admin_user, event_with_registrations):
    event, soren, karen, ib = event_with_registrations
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    for url in (
        reverse("events_admin:cancel", args=[event.pk, karen.pk]),
        reverse("events_admin:check_in", args=[event.pk, karen.pk]),
        reverse("events_admin:offer_seats", args=[event.pk]),
    ):
        assert client.post(url).status_code == 403, url
    karen.refresh_from_db()
    assert karen.status == RegistrationStatus.CONFIRMED
    assert karen.checked_in_at is None


def test_cancelling_offers_the_seat_to_the_first_person_waiting(admin_client, event_with_registrations):
    event, soren, karen, ib = event_with_registrations
    later = make_registration(event, "Johannes Jensen", status=RegistrationStatus.WAITING)
    cancel_url = reverse("events_admin:cancel", args=[event.pk, karen.pk])

    assert admin_client.get(cancel_url).status_code == 200  # asks first
    karen.refresh_from_db()
    assert karen.status == RegistrationStatus.CONFIRMED

    response = admin_client.post(cancel_url)

    assert response.status_code == 302
    assert response["Location"] == participants_url(event)
    karen.refresh_from_db()
    ib.refresh_from_db()
    later.refresh_from_db()
    assert karen.status == RegistrationStatus.CANCELLED
    assert karen.cancelled_at is not None
    assert ib.status == RegistrationStatus.OFFERED
    assert ib.offer_expires_at is not None
    assert later.status == RegistrationStatus.WAITING
    # Both steps show in the registrations' history.
    history = admin_client.get(reverse("registrations:history", args=[karen.pk])).content.decode()
    assert "Registration cancelled" in history or "Tilmelding annulleret" in history
    assert ModelLogEntry.objects.filter(object_id=str(ib.pk), action=OFFERED).exists()


def test_offer_free_seats_moves_the_first_person_up_only_when_a_seat_is_free(admin_client):
    event = upcoming_event(capacity=1)
    make_registration(event, "Anna Ancher")
    ib = make_registration(event, "Ib Spang", status=RegistrationStatus.WAITING)
    offer_url = reverse("events_admin:offer_seats", args=[event.pk])

    admin_client.post(offer_url)  # full: nothing happens
    ib.refresh_from_db()
    assert ib.status == RegistrationStatus.WAITING

    event.capacity = 2  # an editor adds a seat
    event.save()
    assert admin_client.get(participants_url(event)).context["can_offer"]
    response = admin_client.post(offer_url)

    assert response.status_code == 302
    ib.refresh_from_db()
    assert ib.status == RegistrationStatus.OFFERED


def test_offer_is_post_only(admin_client):
    event = upcoming_event()
    response = admin_client.get(reverse("events_admin:offer_seats", args=[event.pk]))
    assert response.status_code == 405


def test_check_in_and_undo(admin_client, event_with_registrations):
    event, soren, karen, ib = event_with_registrations
    check_in_url = reverse("events_admin:check_in", args=[event.pk, karen.pk])
    back = reverse("events_admin:check_in_list", args=[event.pk]) + f"#registration-{karen.pk}"

    response = admin_client.post(check_in_url, {"next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    karen.refresh_from_db()
    first = karen.checked_in_at
    assert first is not None

    admin_client.post(check_in_url)  # a double tap keeps the first time
    karen.refresh_from_db()
    assert karen.checked_in_at == first

    admin_client.post(check_in_url, {"undo": "1"})
    karen.refresh_from_db()
    assert karen.checked_in_at is None

    admin_client.post(reverse("events_admin:check_in", args=[event.pk, ib.pk]))  # waiting: not allowed
    ib.refresh_from_db()
    assert ib.checked_in_at is None


def test_check_in_rejects_an_offsite_next_url(admin_client, event_with_registrations):
    event, soren, karen, ib = event_with_registrations

    response = admin_client.post(
        reverse("events_admin:check_in", args=[event.pk, karen.pk]), {"next": "https://evil.example/"}
    )

    assert response["Location"] == participants_url(event)


def test_check_in_from_the_script_answers_the_new_row_and_count(admin_client, event_with_registrations):
    """check_in.js posts the same form asking for JSON and swaps in what comes back: the row as the
    list would now show it (its form now undoes), the new count, and the message to read out."""
    event, soren, karen, ib = event_with_registrations
    check_in_url = reverse("events_admin:check_in", args=[event.pk, karen.pk])
    list_url = reverse("events_admin:check_in_list", args=[event.pk]) + "?q=karen"

    response = admin_client.post(
        check_in_url, {"next": f"{list_url}#registration-{karen.pk}"}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 200
    answer = response.json()
    assert answer["message"] == "Karen Blixen er tjekket ind."  # the admin speaks Danish by default
    assert answer["count"] == "1 af 2 tjekket ind"
    row = BeautifulSoup(answer["row"], "lxml").find("li")
    assert row["id"] == f"registration-{karen.pk}" and "is-checked-in" in row["class"]
    assert row.find("input", {"name": "undo"})["value"] == "1"
    assert row.find("input", {"name": "next"})["value"] == f"{list_url}#registration-{karen.pk}"
    assert row.find("input", {"name": "csrfmiddlewaretoken"})
    # Said in the answer, not also kept for the next page the tablet loads.
    assert not list(get_messages(response.wsgi_request))

    refused = admin_client.post(
        reverse("events_admin:check_in", args=[event.pk, ib.pk]), HTTP_ACCEPT="application/json"
    )
    assert refused.status_code == 409 and refused.json()["message"]
    assert "row" not in refused.json()


def test_check_in_list_for_the_tablet(admin_client, event_with_registrations):
    event, soren, karen, ib = event_with_registrations
    karen.checked_in_at = timezone.now()
    karen.save()

    response = admin_client.get(reverse("events_admin:check_in_list", args=[event.pk]))

    assert response.status_code == 200
    assert [r.name for r in response.context["registrations"]] == ["Karen Blixen", "Søren Ærø Åberg"]
    assert response.context["checked_in_count"] == 1
    html = response.content.decode()
    assert "events-checkin-button" in html
    assert "Ib Spang" not in html  # only confirmed participants

    found = admin_client.get(reverse("events_admin:check_in_list", args=[event.pk]), {"q": "æblehaven"})
    assert [r.name for r in found.context["registrations"]] == ["Søren Ærø Åberg"]


def test_registration_of_another_event_is_not_found(admin_client, event_with_registrations):
    event, soren, karen, ib = event_with_registrations
    other = upcoming_event(title="Andet")

    response = admin_client.post(reverse("events_admin:cancel", args=[other.pk, karen.pk]))

    assert response.status_code == 404
    karen.refresh_from_db()
    assert karen.status == RegistrationStatus.CONFIRMED


def test_deleting_a_participant_offers_the_seat(admin_client, event_with_registrations):
    event, soren, karen, ib = event_with_registrations

    response = admin_client.post(reverse("registrations:delete", args=[karen.pk]))

    assert response.status_code == 302
    assert not Registration.objects.filter(pk=karen.pk).exists()
    ib.refresh_from_db()
    assert ib.status == RegistrationStatus.OFFERED


# Permissions ----------------------------------------------------------------------------------------


@pytest.fixture
def editor(django_user_model):
    """An admin user who may edit pages but has no rights on registrations."""
    user = django_user_model.objects.create_user("redaktor", "redaktor@example.dk", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_user_without_permission_is_turned_away(client, editor, event_with_registrations):
    event, soren, karen, ib = event_with_registrations
    client.force_login(editor)

    for url in (
        index_url(),
        index_url(export="csv"),
        participants_url(event),
        reverse("events_admin:check_in_list", args=[event.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Søren" not in response.content.decode()

    response = client.post(reverse("events_admin:cancel", args=[event.pk, karen.pk]))
    assert response.status_code in (302, 403)
    client.post(reverse("events_admin:check_in", args=[event.pk, karen.pk]))
    karen.refresh_from_db()
    assert karen.status == RegistrationStatus.CONFIRMED
    assert karen.checked_in_at is None

    dashboard = client.get(reverse("wagtailadmin_home"))
    assert "events-upcoming" not in dashboard.content.decode()


def test_anonymous_visitor_is_sent_to_login(client, event_with_registrations):
    event, *_ = event_with_registrations

    response = client.get(participants_url(event))

    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_view_permission_reads_but_does_not_change(client, editor, event_with_registrations):
    event, soren, karen, ib = event_with_registrations
    group = Group.objects.create(name="Reception")
    group.permissions.add(Permission.objects.get(codename="view_registration"))
    editor.groups.add(group)
    client.force_login(editor)

    assert client.get(participants_url(event)).status_code == 200
    assert client.get(index_url()).status_code == 200

    client.post(reverse("events_admin:check_in", args=[event.pk, karen.pk]))
    client.post(reverse("events_admin:cancel", args=[event.pk, karen.pk]))
    karen.refresh_from_db()
    assert karen.checked_in_at is None
    assert karen.status == RegistrationStatus.CONFIRMED


# The dashboard --------------------------------------------------------------------------------------


def test_dashboard_panel_lists_upcoming_events(admin_client, event_with_registrations):
    event, *_ = event_with_registrations
    past = upcoming_event(title="Det var engang", start=in_days(-10, 9), end=in_days(-10, 15))

    response = admin_client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "events-upcoming" in html
    assert "Samskabelse på tværs" in html
    assert f'data-seats="{event.pk}">2 / 2' in html
    assert participants_url(event) in html
    assert participants_url(past) not in html


def test_dashboard_panel_queries_do_not_grow_with_events(django_assert_num_queries):
    for number in range(4):
        event = upcoming_event(title=f"Arrangement {number}")
        make_registration(event, "Anna Ancher", email=f"anna{number}@example.dk")
    Locale.get_default()

    with django_assert_num_queries(2):  # the default locale, then the events with their counts
        rows = list(UpcomingEventsPanel().get_events())

    assert len(rows) >= 4
    assert all(hasattr(row, "seats_taken") and hasattr(row, "waiting") for row in rows)


# The shared snippets --------------------------------------------------------------------------------


def test_snippet_lists_with_filters(admin_client):
    danish = Locale.objects.get(language_code="da")
    Organisation.objects.create(
        name="Dansk Socialrådgiverforening", slug="ds-test", kind=OrganisationKind.UNION, locale=danish
    )
    Organisation.objects.create(
        name="Middelfart Kommune", slug="mk-test", kind=OrganisationKind.MUNICIPALITY, locale=danish
    )

    for app_model in (
        "events_venue",
        "people_person",
        "people_organisation",
        "taxonomy_theme",
        "taxonomy_profession",
        "taxonomy_targetgroup",
    ):
        response = admin_client.get(reverse(f"wagtailsnippets_{app_model}:list"))
        assert response.status_code == 200, app_model

    url = reverse("wagtailsnippets_people_organisation:list")
    unions = admin_client.get(url, {"kind": "union", "locale": "da"}).content.decode()
    assert "Dansk Socialrådgiverforening" in unions
    assert "Middelfart Kommune" not in unions
    found = admin_client.get(url, {"q": "middel"}).content.decode()
    assert "Middelfart Kommune" in found
    english = admin_client.get(url, {"locale": "en", "kind": "union"}).content.decode()
    assert "Dansk Socialrådgiverforening" not in english


def test_personal_data_request_exports_and_erases_one_address(admin_client):
    from core.personal_data import ANONYMOUS_NAME

    event = make_event(start=local(2027, 1, 14, 9), end=local(2027, 1, 14, 15), capacity=5)
    for email in ("sofie@example.dk", "other@example.dk"):
        make_registration(event, "Sofie Hansen", email=email, dietary_needs="Glutenallergi")
    url = reverse("personal_data")
    export = admin_client.post(url, {"email": "SOFIE@example.dk", "action": "export", "confirm": "on"})
    assert export["Content-Type"].startswith("application/json")
    (record,) = json.loads(export.content)["registrations"]
    assert record["email"] == "sofie@example.dk" and record["dietary_needs"] == "Glutenallergi"

    admin_client.post(url, {"email": "sofie@example.dk", "action": "erase", "confirm": "on"})
    assert Registration.objects.get(email__startswith="anonymised-").name == ANONYMOUS_NAME
    assert Registration.objects.filter(email="other@example.dk", name="Sofie Hansen").exists()


def test_personal_data_request_needs_permission_and_confirmation(client, django_user_model, admin_client):
    editor = django_user_model.objects.create_user("editor", password="x")  # noqa: S106
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(reverse("personal_data")).status_code in (302, 403)
    response = admin_client.post(reverse("personal_data"), {"email": "a@example.dk", "action": "erase"})
    assert response.status_code == 200 and b"error" in response.content.lower()
