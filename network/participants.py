"""Who is coming: participants who agreed to be shown see each other, and nobody else sees anyone.

The rule in one place: a participant is shown only when their registration is confirmed, not
anonymised and they agreed; and only to another participant of the same event for whom all of
that holds too. Nothing here is public, in the API or in any staff export.
"""

import datetime as dt

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.emails import render_email
from events.extensions import RegistrationPagePanel
from events.models import EventPage, Registration, RegistrationStatus

# A networking list goes out once after the event, if the event ended within this many days.
NETWORKING_LIST_WITHIN = dt.timedelta(days=14)


def _sharing(event_id: int):
    return Registration.objects.filter(
        event_id=event_id,
        status=RegistrationStatus.CONFIRMED,
        shares_with_participants=True,
        anonymised_at__isnull=True,
    ).order_by("name", "pk")


def can_see_participants(registration: Registration) -> bool:
    return (
        registration.status == RegistrationStatus.CONFIRMED
        and registration.shares_with_participants
        and registration.anonymised_at is None
    )


def visible_participants(registration: Registration) -> list[dict]:
    """Name, profession and workplace of the consenting participants, for a consenting participant."""
    if not can_see_participants(registration):
        return []
    return list(_sharing(registration.event_id).values("name", "profession", "workplace"))


def set_sharing(registration: Registration, shares: bool) -> None:
    """Agree or withdraw; either takes effect on the next page view or e-mail."""
    registration.shares_with_participants = shares
    registration.shares_with_participants_at = timezone.now() if shares else None
    registration.save(update_fields=["shares_with_participants", "shares_with_participants_at"])


def send_networking_lists(now: dt.datetime | None = None) -> int:
    """After an event, e-mail the list of consenting participants to each of them, once."""
    from network.tasks import send_networking_list

    now = now or timezone.now()
    events = EventPage.objects.filter(
        end__lt=now,
        end__gte=now - NETWORKING_LIST_WITHIN,
        registrations__shares_with_participants=True,
        registrations__networking_list_sent_at__isnull=True,
    ).distinct()
    count = 0
    for event_id in events.values_list("pk", flat=True):
        for registration_id in (
            _sharing(event_id).filter(networking_list_sent_at__isnull=True).values_list("pk", flat=True)
        ):
            send_networking_list.enqueue(registration_id)
            count += 1
    return count


def send_networking_list(registration_id: int) -> bool:
    """Send one participant the list, under the row lock so it goes out once even if queued twice."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .filter(pk=registration_id, networking_list_sent_at__isnull=True)
            .first()
        )
        if registration is None or not can_see_participants(registration):
            return False
        others = list(_sharing(registration.event_id).exclude(pk=registration.pk))
        # Alone on the list is no list: mark it done, send nothing.
        registration.networking_list_sent_at = timezone.now()
        registration.save(update_fields=["networking_list_sent_at"])
        if not others:
            return False
        event = registration.event.specific
        translated = event.get_translation_or_none(_locale(registration.language)) or event
        render_email(
            "network/email/networking_list",
            {"event": translated, "participants": others, "registration": registration},
            language=registration.language,
            to=registration.email,
            subject=gettext_lazy("Who was there: %(event)s"),
            subject_params={"event": translated.title},
        ).send()
    return True


def _locale(language_code: str):
    from wagtail.models import Locale

    return Locale.objects.filter(language_code=language_code).first()


class WhoIsComingPanel(RegistrationPagePanel):
    """The registrant's page shows the list of consenting participants, with the choice to join it."""

    actions = ("share", "stop_sharing")

    def render(self, request, registration) -> str:
        context = {"registration": registration, "participants": visible_participants(registration)}
        return render_to_string("network/components/who_is_coming.html", context, request=request)

    def handle(self, request, registration, action) -> str:
        set_sharing(registration, action == "share")
        return _("Your choice is saved.")
