"""Keep the listings change log current when pages are published, unpublished, restricted or deleted,
when registrations change the seats left, and when a snippet shown in the records is changed."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from events.models import EventPage, Registration, Venue
from partner_api.changes import (
    LISTED_PAGE_MODELS,
    kind_of,
    listed_model,
    record_change,
    record_listed_changes,
)
from partner_api.models import ListingKind
from people.models import Organisation, Person
from taxonomy.models import Profession, TargetGroup, Theme


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    kind = kind_of(instance)
    if kind:
        record_change(kind, instance.translation_key)


def page_deleted(sender, instance, **kwargs):
    kind = kind_of(instance)
    if kind:
        record_change(kind, instance.translation_key)


def connect_deletions() -> None:
    """post_delete per listed model: deleting a page sends it for the specific class too."""
    for kind in LISTED_PAGE_MODELS:
        model = listed_model(kind)
        if model is not None:
            post_delete.connect(page_deleted, sender=model, dispatch_uid=f"partner_api_deleted_{kind}")


connect_deletions()


@receiver(post_save, sender=Registration)
@receiver(post_delete, sender=Registration)
def seats_changed(sender, instance, **kwargs):
    key = EventPage.objects.filter(pk=instance.event_id).values_list("translation_key", flat=True).first()
    if key:
        record_change(ListingKind.EVENT, key)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    """A restricted page hides everything under it from the API: those items count as changed."""
    for kind in LISTED_PAGE_MODELS:
        model = listed_model(kind)
        if model is None:
            continue
        pages = model.objects.descendant_of(instance.page, inclusive=True)
        for key in set(pages.values_list("translation_key", flat=True)):
            record_change(kind, key)


# Which relations of the listed pages show each snippet in the API's records (by name, address …).
SHOWN_SNIPPETS = {
    Venue: {ListingKind.EVENT: ["venue"]},
    Theme: {ListingKind.EVENT: ["themes"], ListingKind.RESOURCE: ["themes"]},
    Profession: {ListingKind.EVENT: ["professions"], ListingKind.RESOURCE: ["professions"]},
    Organisation: {ListingKind.EVENT: ["partners"], ListingKind.RESOURCE: ["contributor_organisations"]},
    TargetGroup: {ListingKind.RESOURCE: ["target_groups"]},
    Person: {ListingKind.RESOURCE: ["contributor_people"]},
}


def snippet_changed(sender, instance, raw=False, **kwargs):
    """A renamed theme or a moved venue changes every record that shows it, in every language.

    Runs before a deletion too, while the pages still point at the snippet."""
    if raw:
        return
    for kind, relations in SHOWN_SNIPPETS[sender].items():
        model = listed_model(kind)
        if model is None:
            continue
        for relation in relations:
            keys = model.objects.filter(
                **{f"{relation}__translation_key": instance.translation_key}
            ).values_list("translation_key", flat=True)
            record_listed_changes(kind, keys)


for _model in SHOWN_SNIPPETS:
    post_save.connect(snippet_changed, sender=_model, dispatch_uid=f"partner_api_saved_{_model.__name__}")
    pre_delete.connect(snippet_changed, sender=_model, dispatch_uid=f"partner_api_deleted_{_model.__name__}")
