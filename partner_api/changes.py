"""The change log behind incremental sync: record that a listed item changed, and mark how far a sync
run has read it, so that the next run starts where this one stopped, whatever commits in between."""

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from core.listed_pages import registered_listed_pages
from core.query_params import InvalidFilter, parse_moment, text_of
from partner_api.models import ListingChange, ListingsVersion


def listed_model(kind: str):
    """The page model the apps registered for a kind of listing (core/listed_pages.py)."""
    return registered_listed_pages()[kind].model


def kind_of(page) -> str | None:
    for kind, listed in registered_listed_pages().items():
        if isinstance(page, listed.model):
            return kind
    return None


def record_change(kind: str, translation_key: uuid.UUID) -> None:
    """Note that the item changed now. Whether the change removed it is decided when a sync reads
    the log, from what is listed then: a decision made here could not see a concurrent transaction
    that unpublishes the item's other language."""
    record_changes(kind, [translation_key])


def record_changes(kind: str, translation_keys) -> int:
    """Note that these items changed now, in one statement (an insert: it waits for no one)."""
    keys = set(translation_keys)
    if not keys:
        return 0
    now = timezone.now()
    ListingChange.objects.bulk_create(
        [ListingChange(kind=kind, translation_key=key, changed_at=now) for key in keys]
    )
    # The new log row alone retires cached answers in this transaction (current_version counts
    # it); other processes see the bump once it commits.
    transaction.on_commit(bump_version)
    # Imported here: the webhooks read the log through this module.
    from partner_api.webhooks import changes_committed

    changes_committed()
    return len(keys)


def record_listed_changes(kind: str, translation_keys) -> int:
    """Record changes of the items among these that are listed now (an item no mirror has needs no
    record). Used when a shared snippet they show is renamed."""
    model = listed_model(kind)
    listed = model.objects.live().public().filter(translation_key__in=set(translation_keys))
    return record_changes(kind, listed.values_list("translation_key", flat=True))


def bump_version() -> None:
    """Retire every process's cached API answers: called after a commit that changed what they show."""
    if not ListingsVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ListingsVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def current_version() -> str:
    """The version cached answers are kept under, read from the database so that every process
    agrees: the bump counter and the newest change-log row this transaction can see.

    The counter alone would miss a change inside the reader's own transaction (a command that writes
    and then reads); the newest row alone would miss a transaction that wrote a lower row id and
    committed after a higher one. Together they change whenever a change becomes visible."""
    version = connection.ops.quote_name(ListingsVersion._meta.db_table)
    log = connection.ops.quote_name(ListingChange._meta.db_table)
    with connection.cursor() as cursor:
        # The table names come from the models, quoted; nothing here is input.
        cursor.execute(
            f"SELECT (SELECT number FROM {version} WHERE id = 1), (SELECT MAX(id) FROM {log})"  # noqa: S608
        )
        number, newest = cursor.fetchone()
    return f"{number or 0}.{newest or 0}"


HORIZON = (
    "COALESCE((SELECT MIN(running) FROM pg_snapshot_xip(snapshot) AS running), "
    "pg_snapshot_xmax(snapshot))::text::bigint"
)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
TOKEN = re.compile(r"1\.(\d{1,19})\.(\d{1,19})\.(\d{1,20})")


@dataclass(frozen=True)
class SyncMark:
    """How far a sync run has read: the next run asks for everything after it.

    Stamps cannot say that: a change is stamped inside its transaction, and a sync that runs before
    the commit already answers with a later time, so the change would fall behind every later
    `modified_since`. Transaction ids can: `horizon` is the oldest transaction still running when
    the run began (from PostgreSQL's current snapshot), so every change the run could not see was
    written by a transaction with an id at or above it. `position` is the newest log row the run
    could see, which covers the changes of the reader's own transaction (only tests read and write
    in one).
    `moment` is the run's clock, for what changes with time alone (a registration that closes).
    """

    horizon: int
    position: int
    moment: dt.datetime

    @classmethod
    def now(cls, moment: dt.datetime) -> "SyncMark":
        """The mark of a run that starts now. Take it before reading anything the answer shows."""
        table = connection.ops.quote_name(ListingChange._meta.db_table)
        with connection.cursor() as cursor:
            # One statement, one snapshot: the horizon and the newest row visible in it. The horizon
            # is the oldest other transaction in progress, or the next id when none is; unlike
            # pg_snapshot_xmin() it leaves out the reader's own transaction, whose rows it sees.
            # The table name comes from the model, quoted; nothing here is input.
            newest = f"SELECT COALESCE(MAX(id), 0) FROM {table}"  # noqa: S608
            sql = f"SELECT {HORIZON}, ({newest}) FROM pg_current_snapshot() AS snapshot"  # noqa: S608
            cursor.execute(sql)
            horizon, position = cursor.fetchone()
        return cls(horizon, position, moment)

    def token(self) -> str:
        micros = (self.moment - EPOCH) // dt.timedelta(microseconds=1)
        return f"1.{self.horizon}.{self.position}.{micros}"

    @classmethod
    def parse(cls, token: str, parameter: str = "since") -> "SyncMark":
        wrong = InvalidFilter(parameter, f"{parameter} must be a sync_token from an earlier answer.")
        match = TOKEN.fullmatch(token)
        if match is None:
            raise wrong
        horizon, position, micros = (int(part) for part in match.groups())
        try:
            moment = EPOCH + dt.timedelta(microseconds=micros)
        except (OverflowError, OSError, ValueError):
            raise wrong from None
        return cls(horizon, position, moment)

    def changes_after(self, changes: QuerySet) -> QuerySet:
        """The log rows a run that ended at this mark may not have seen (some it did see: a change
        committed by a transaction newer than the horizon may come twice, but never not at all).

        A long transaction anywhere on the database server holds the horizon back, so a run brings
        more again; the reader's own transaction (when it has written, as tests do) does not: the
        rows it saw then are within the position, the rows it wrote since are after it."""
        by_transaction = Q(transaction_id__gte=self.horizon)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id_if_assigned()::text::bigint")
            (own,) = cursor.fetchone()
        if own is not None:
            by_transaction &= ~Q(transaction_id=own)
        return changes.filter(by_transaction | Q(id__gt=self.position))


@dataclass(frozen=True)
class SinceTime:
    """The older way to continue, `modified_since`: every change stamped at or after a time. It can
    miss a change that was stamped before and committed after (docs/api.md says so)."""

    moment: dt.datetime

    def changes_after(self, changes: QuerySet) -> QuerySet:
        return changes.filter(changed_at__gte=self.moment)


class SyncExpired(InvalidFilter):
    """A run that continues from before what the change log still holds: removals it would need are
    forgotten, so only a full load makes the mirror exact again."""

    status = 410


def kept_since() -> dt.datetime:
    """The oldest moment the change log still answers for (settings.LISTINGS_API_CHANGE_LOG_DAYS)."""
    return timezone.now() - dt.timedelta(days=settings.LISTINGS_API_CHANGE_LOG_DAYS)


def continuing_from(query) -> SyncMark | SinceTime | None:
    """Where a sync request continues: `since` (a sync_token) or the older `modified_since` (a time)."""
    token = text_of(query, "since")
    moment = parse_moment(query, "modified_since", end_of_day=False)
    if token and moment:
        raise InvalidFilter("since", "Give since or modified_since, not both.")
    if token:
        since, parameter = SyncMark.parse(token), "since"
    elif moment:
        since, parameter = SinceTime(moment), "modified_since"
    else:
        return None
    if since.moment < kept_since():
        raise SyncExpired(
            parameter,
            f"The change log keeps {settings.LISTINGS_API_CHANGE_LOG_DAYS} days, and {parameter} is older: "
            "make a full load (without since), keep its sync_token and continue from that.",
        )
    return since


def forget_old_changes() -> int:
    """Delete the change log's rows older than it keeps; run by the scheduled job. The rows of one
    item are all it knows of a removal, so a run that continues from before them is refused above."""
    deleted, _ = ListingChange.objects.filter(changed_at__lt=kept_since()).delete()
    return deleted
