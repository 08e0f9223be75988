"""The lock that serialises every decision about an event's seats and rooms.

Like pretix's `base/services/locking.py`: one row lock per event (on the page in the default
language, which every registration points at), held until the transaction ends. Waiting for it is
bounded by `EVENT_LOCK_TIMEOUT_SECONDS`, so a booking never waits forever behind an editor who is
publishing the event or a transaction that is stuck; it fails with EventBusy instead.
"""

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.transaction import TransactionManagementError

from events.models import EventPage
from events.services.errors import EventBusy

# PostgreSQL's SQLSTATE for "lock_not_available", raised when lock_timeout passes.
LOCK_NOT_AVAILABLE = "55P03"


def lock_timeout_ms() -> int:
    return int(settings.EVENT_LOCK_TIMEOUT_SECONDS * 1000)


def lock_event(event_id: int) -> EventPage:
    """Take the event's row lock for the rest of the current transaction and return the event.

    Every lock wait later in the same transaction is bounded by the same timeout. Raises EventBusy
    when the lock cannot be had in time, and TransactionManagementError outside a transaction (the
    lock would be released at once, and the decision it guards would be unprotected).
    """
    if not connection.in_atomic_block:
        raise TransactionManagementError("lock_event() must be called inside transaction.atomic().")
    with connection.cursor() as cursor:
        # SET LOCAL through set_config(..., true), which takes a bound parameter.
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{lock_timeout_ms()}ms"])
    try:
        # A savepoint, so that a timeout leaves the caller's transaction usable.
        with transaction.atomic():
            return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise EventBusy from error
        raise
