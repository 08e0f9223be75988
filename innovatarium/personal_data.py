"""A person's request about their data: one e-mail address, every place the site stores it.

Each app says what it keeps (events/retention.py, library/privacy.py, network/privacy.py); this
module gathers them so the admin page and `manage.py personal_data` can never cover less than the
whole site. A new kind of personal data is added here, or the request silently misses it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from events.retention import erase_registrations, export_registrations
from library.privacy import erase_contributions, export_contributions
from network.privacy import (
    erase_contact_addresses,
    erase_contact_messages,
    erase_newsletter,
    export_contact_addresses,
    export_contact_messages,
    export_newsletter,
)


@dataclass(frozen=True)
class Kind:
    key: str  # the key of this kind in the exported JSON
    export: Callable[[str], list[dict]]
    erase: Callable[[str], int]
    erased: Promise  # what erasing did, for staff, with %(count)s


KINDS = (
    Kind(
        "registrations", export_registrations, erase_registrations, _("Registrations anonymised: %(count)s")
    ),
    Kind(
        "contributions", export_contributions, erase_contributions, _("Contributions anonymised: %(count)s")
    ),
    Kind("newsletter", export_newsletter, erase_newsletter, _("Newsletter subscriptions deleted: %(count)s")),
    Kind(
        "contact_addresses",
        export_contact_addresses,
        erase_contact_addresses,
        _("Contact addresses deleted: %(count)s"),
    ),
    Kind(
        "contact_messages",
        export_contact_messages,
        erase_contact_messages,
        _("Queued contact messages deleted: %(count)s"),
    ),
)

# Who may answer a request: someone allowed to delete each kind it erases.
REQUIRED_PERMISSIONS = (
    "events.delete_registration",
    "library.delete_contribution",
    "network.delete_subscriber",
    "network.delete_pendingsubscription",
    "network.delete_contactaddress",
)


def may_answer_requests(user) -> bool:
    return user.has_perms(REQUIRED_PERMISSIONS)


def export_personal_data(email: str) -> dict[str, list[dict]]:
    """Everything stored about one e-mail address (matched without regard to case), by kind."""
    with transaction.atomic():
        return {kind.key: kind.export(email) for kind in KINDS}


def erase_personal_data(email: str) -> dict[str, int]:
    """Erase or anonymise everything about one address, all or nothing; how many rows, by kind."""
    with transaction.atomic():
        return {kind.key: kind.erase(email) for kind in KINDS}


def erased_summary(counts: dict[str, int]) -> list[str]:
    """One line per kind, in the active language, e.g. "Contact addresses deleted: 1"."""
    return [kind.erased % {"count": counts[kind.key]} for kind in KINDS]
