"""The change log behind incremental sync: record that a listed item changed or left the site."""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core.listed_pages import registered_listed_pages
from partner_api.models import ListingChange

VERSION_KEY = "listings-api:version"


def listed_model(kind: str):
    """The page model the apps registered for a kind of listing (core/listed_pages.py)."""
    return registered_listed_pages()[kind].model


def kind_of(page) -> str | None:
    for kind, listed in registered_listed_pages().items():
        if isinstance(page, listed.model):
            return kind
    return None


def is_listed(kind: str, translation_key: uuid.UUID) -> bool:
    """Whether any language of the item is live and public, which is what the API lists."""
    model = listed_model(kind)
    return model.objects.live().public().filter(translation_key=translation_key).exists()


def record_change(kind: str, translation_key: uuid.UUID) -> ListingChange:
    """Note that the item changed now; it becomes a tombstone when no language of it is listed."""
    change, _created = ListingChange.objects.update_or_create(
        kind=kind,
        translation_key=translation_key,
        defaults={"changed_at": timezone.now(), "deleted": not is_listed(kind, translation_key)},
    )
    bump_version()
    # Readers outside this transaction may cache the old state until it commits: bump again then.
    transaction.on_commit(bump_version)
    return change


def record_listed_changes(kind: str, translation_keys) -> int:
    """Note that these items changed now, in one statement, keeping only those still listed (an
    item no mirror has needs no record). Used when a shared snippet they show is renamed."""
    model = listed_model(kind)
    listed = set(
        model.objects.live()
        .public()
        .filter(translation_key__in=set(translation_keys))
        .values_list("translation_key", flat=True)
    )
    if not listed:
        return 0
    now = timezone.now()
    ListingChange.objects.bulk_create(
        [ListingChange(kind=kind, translation_key=key, changed_at=now, deleted=False) for key in listed],
        update_conflicts=True,
        unique_fields=["kind", "translation_key"],
        update_fields=["changed_at", "deleted"],
    )
    bump_version()
    transaction.on_commit(bump_version)
    return len(listed)


def bump_version() -> None:
    """Cached API responses carry the version they were made for; a new one retires them all."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version
