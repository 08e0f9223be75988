"""Helpers for network tests: subscribers with a recorded consent, and directory entries of the test's own."""

import datetime as dt
import itertools

from django.utils import timezone

from wagtail.models import Locale

from network.models import ContactAddress, Subscriber
from people.models import Organisation, OrganisationKind, Person
from taxonomy.models import Theme

_numbers = itertools.count(1)


def make_subscriber(email="karen@example.dk", language="da", consent_at=None, **topics) -> Subscriber:
    """A confirmed subscriber; topics: wants_events, wants_resources, theme_slugs."""
    return Subscriber.objects.create(
        email=email,
        language=language,
        consent_at=consent_at or timezone.now() - dt.timedelta(minutes=1),
        consent_source="page:/nyhedsbrev/",
        consent_language=language,
        **topics,
    )


def _translate(snippet, **english_fields):
    """The English translation of a Danish snippet, made with Wagtail's copy step, with English text."""
    translated = snippet.copy_for_translation(Locale.objects.get(language_code="en"))
    for name, value in english_fields.items():
        setattr(translated, name, value)
    translated.save()
    return translated


def make_theme(name: str, english_name: str, slug: str | None = None) -> Theme:
    """A Danish theme with its English translation."""
    theme = Theme.objects.create(
        name=name, slug=slug or f"tema-{next(_numbers)}", locale=Locale.objects.get(language_code="da")
    )
    _translate(theme, name=english_name)
    return theme


def make_person(name: str, role: str = "Pædagog", english_role: str = "Pedagogue", **fields) -> Person:
    """A Danish person shown in the directory (unless fields say otherwise), with the English translation."""
    person = Person.objects.create(
        name=name,
        role=role,
        locale=Locale.objects.get(language_code="da"),
        **{"show_in_directory": True, **fields},
    )
    _translate(person, role=english_role)
    return Person.objects.get(pk=person.pk)


def make_organisation(name: str, english_name: str, themes=(), **fields) -> Organisation:
    """A Danish organisation in the directory with its English translation, which gets its themes too.

    fields: any Organisation field, e.g. slug, kind (an NGO by default), description,
    english_description.
    """
    english_description = fields.pop("english_description", "")
    organisation = Organisation.objects.create(
        name=name,
        locale=Locale.objects.get(language_code="da"),
        **{"slug": f"forening-{next(_numbers)}", "kind": OrganisationKind.NGO, **fields},
    )
    organisation.themes.set(themes)
    _translate(organisation, name=english_name, description=english_description)
    return Organisation.objects.get(pk=organisation.pk)


def add_contact(entry, email: str, language: str = "da") -> ContactAddress:
    """The private address the contact relay sends to for a person or an organisation."""
    kind = "person" if isinstance(entry, Person) else "organisation"
    return ContactAddress.objects.create(**{kind: entry}, email=email, language=language)
