"""The audit log of registrations: who changed what, written by the services whoever calls them.

Entries go to Wagtail's log (ModelLogEntry), so they show in each registration's history in the
admin. Staff are recorded as the user; the participant (through the link in their e-mail) and the
scheduled job have no user, so Wagtail shows "system", and the message says which it was. The
entry's label is the registration's number and event, never the person's name (`log_title`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import LogFormatter, log

from events.models import Registration

CANCELLED = "events.registration.cancel"
OFFERED = "events.registration.offer_seat"
ACCEPTED = "events.registration.accept_offer"
EXPIRED = "events.registration.expire_offer"
CHECKED_IN = "events.registration.check_in"
CHECK_IN_UNDONE = "events.registration.undo_check_in"
LINK_SENT = "events.registration.send_link"
EDITED = "wagtail.edit"
DELETED = "wagtail.delete"


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a staff user, the participant, or the scheduled job."""

    kind: str
    user: object = None


PARTICIPANT = Actor("participant")
SCHEDULE = Actor("schedule")


def staff(user) -> Actor:
    return Actor("staff", user)


def record(registration: Registration, action: str, by: Actor, **kwargs) -> None:
    log(
        instance=registration,
        action=action,
        user=by.user,
        title=registration.log_title,
        data={"by": by.kind},
        **kwargs,
    )


class RegistrationLogFormatter(LogFormatter):
    """Adds who acted when it was not a staff user (whom Wagtail names itself)."""

    by_whom = {
        "participant": _("%(message)s (by the participant)"),
        "schedule": _("%(message)s (by the scheduled job)"),
    }

    def format_message(self, log_entry):
        template = self.by_whom.get((log_entry.data or {}).get("by"))
        return template % {"message": self.message} if template else self.message


def formatter(action_label, action_message) -> type[RegistrationLogFormatter]:
    return type(
        "RegistrationLogFormatter",
        (RegistrationLogFormatter,),
        {"label": action_label, "message": action_message},
    )


# The registration actions, for the register_log_actions hook (events/wagtail_hooks.py).
LOG_ACTIONS = {
    CANCELLED: formatter(_("Cancel registration"), _("Registration cancelled")),
    OFFERED: formatter(_("Offer seat"), _("Seat offered from the waiting list")),
    ACCEPTED: formatter(_("Accept seat offer"), _("Seat offer accepted")),
    EXPIRED: formatter(_("Seat offer expired"), _("Seat offer expired without an answer")),
    CHECKED_IN: formatter(_("Check in"), _("Checked in")),
    CHECK_IN_UNDONE: formatter(_("Undo check-in"), _("Check-in undone")),
    LINK_SENT: formatter(_("Send registration link"), _("Registration link e-mailed again")),
}
