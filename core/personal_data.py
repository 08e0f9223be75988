"""A person's request about their data: one e-mail address, every place the site stores it.

Each app says what it keeps by answering the `register_personal_data` Wagtail hook with one or
more PersonalData kinds (the way pretix plugins answer its data-shredder signal), so this module
names no app. A test fails when a model that stores an e-mail address is covered by no kind.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import Promise

from wagtail import hooks

HOOK = "register_personal_data"

# The name left in place of a person's when their data is erased but the record must stay.
ANONYMOUS_NAME = "Anonymiseret"


@dataclass(frozen=True)
class PersonalData:
    key: str  # this kind's key in the exported JSON
    export: Callable[[str], list[dict]]
    erase: Callable[[str], int]
    erased: Promise  # what erasing did, for staff, with %(count)s
    permission: str  # who may answer requests about it, e.g. "events.delete_registration"
    models: tuple[str, ...]  # the models ("app_label.Model") that hold it


def registered_kinds() -> list[PersonalData]:
    """Every kind the apps registered, in the hooks' `order`."""
    return [kind for register in hooks.get_hooks(HOOK) for kind in register()]


def may_answer_requests(user) -> bool:
    """Only someone allowed to delete every kind of personal data may see or erase all of it."""
    return user.has_perms([kind.permission for kind in registered_kinds()])


def export_personal_data(email: str) -> dict[str, list[dict]]:
    """Everything stored about one e-mail address (matched without regard to case), by kind."""
    with transaction.atomic():
        return {kind.key: kind.export(email) for kind in registered_kinds()}


def erase_personal_data(email: str) -> dict[str, int]:
    """Erase or anonymise everything about one address, all or nothing; how many rows, by kind."""
    with transaction.atomic():
        return {kind.key: kind.erase(email) for kind in registered_kinds()}


def erased_summary(counts: dict[str, int]) -> list[str]:
    """One line per kind, in the active language, e.g. "Contact addresses deleted: 1"."""
    return [kind.erased % {"count": counts[kind.key]} for kind in registered_kinds()]
