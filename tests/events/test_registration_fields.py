"""The registration's fields are declared once, in groups; booking, retention, the personal-data
export, the admin's edit form and the bookkeeper's export all follow the groups."""

import dataclasses
from collections import Counter

import pytest
import time_machine

from events.admin.registrations import staff_edit_panels, staff_export_columns
from events.models import Registration
from events.models.registration import REGISTRATION_FIELD_GROUPS, Retention, fields_where
from events.retention import apply_retention, erased_fields, erased_value, export_registrations
from events.services import Applicant, book_seat
from events.wagtail_hooks import RegistrationViewSet
from tests.events.factories import local, make_event

CONCRETE_FIELDS = [field.name for field in Registration._meta.concrete_fields]
GROUPED = [name for group in REGISTRATION_FIELD_GROUPS for name in group.fields]


def test_every_field_of_a_registration_belongs_to_exactly_one_group():
    ungrouped = sorted(set(CONCRETE_FIELDS) - set(GROUPED))
    assert not ungrouped, (
        f"Put {ungrouped} in a group of REGISTRATION_FIELD_GROUPS (events/models/registration.py): the "
        "group says whether booking copies it, when retention erases it, and which exports show it."
    )
    assert [name for name, count in Counter(GROUPED).items() if count > 1] == []
    assert sorted(set(GROUPED) - set(CONCRETE_FIELDS)) == [], "a group names a field the model does not have"


def test_the_applicant_carries_the_fields_the_visitor_enters_and_the_choices_booking_turns_into_others():
    applicant_fields = {field.name for field in dataclasses.fields(Applicant)}
    assert applicant_fields - set(fields_where(entered_by_visitor=True)) == {
        "price_option_id",  # becomes the price, from the event
        "accepted_terms",  # becomes accepted_terms_at
        "nights",  # become RegistrationNight rows
        "shares_with_participants",  # stored with the time of the consent
    }
    assert set(fields_where(entered_by_visitor=True)) <= applicant_fields


def test_every_erased_field_has_an_erased_value():
    for name in erased_fields(Retention.INVOICE):
        if name != "email":  # each row gets an address of its own: see retention.anonymise
            erased_value(name)  # raises for a field that can be neither blank nor empty


def test_health_data_is_erased_first_and_never_in_the_bookkeepers_export():
    needs = next(group for group in REGISTRATION_FIELD_GROUPS if group.key == "needs")
    assert needs.erased_at == Retention.NOTES
    assert set(needs.fields) <= set(erased_fields(Retention.NOTES))
    assert not set(needs.fields) & set(RegistrationViewSet.list_export)


def test_the_exports_and_the_edit_form_follow_the_groups():
    exported = set(staff_export_columns())
    for group in REGISTRATION_FIELD_GROUPS:
        if group.in_staff_export:
            assert set(group.fields) <= exported, group.key
    assert RegistrationViewSet.list_export == staff_export_columns()
    edited = [panel.field_name for section in staff_edit_panels().children for panel in section.children]
    assert edited == list(fields_where(edited_by_staff=True))
    assert "status" not in edited and "price_amount" not in edited


@pytest.mark.django_db
def test_a_person_export_holds_every_field_and_retention_leaves_only_what_says_nothing_about_them():
    with time_machine.travel(local(2026, 11, 1, 12), tick=False):
        event = make_event(start=local(2026, 12, 10, 9), end=local(2026, 12, 10, 15), capacity=5)
        registration = book_seat(
            event,
            Applicant(
                name="Sofie Hansen",
                email="sofie@example.dk",
                price_option_id=event.price_options[0].id,
                payer_type="company",
                accepted_terms=True,
                phone="+45 12 34 56 78",
                workplace="Børnehuset",
                profession="Pædagog",
                organisation_name="Børnehuset ApS",
                cvr="13585628",
                order_number="PO-1",
                person_reference="Jens",
                billing_address="Idéstien 1",
                dietary_needs="Glutenallergi",
                accessibility_needs="Kørestol",
                shares_with_participants=True,
            ),
        )
    (exported,) = export_registrations("sofie@example.dk")
    assert set(GROUPED) <= set(exported), "the person sees every field"

    with time_machine.travel(local(2032, 1, 1), tick=False):
        apply_retention()
    registration.refresh_from_db()
    for name in erased_fields(Retention.INVOICE):
        if name != "email":
            assert getattr(registration, name) == erased_value(name), name
    assert "sofie" not in registration.email
    kept = {name for group in REGISTRATION_FIELD_GROUPS if group.erased_at for name in group.kept}
    assert kept == {"language", "payer_type", "accepted_terms_at"}
