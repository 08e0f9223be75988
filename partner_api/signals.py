"""Keep the listings change log current when pages are published, unpublished, restricted or deleted,
when rows that a record shows change (registrations and the seats left), when a snippet, image or
document shown in the records is changed or deleted, and for the records that name a changed item
(a resource's related events). What to listen to comes from the apps' registrations
(core/listed_pages.py)."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from core.listed_pages import registered_listed_pages
from partner_api.changes import bump_version, kind_of, record_change, record_changes, record_listed_changes


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    kind = kind_of(instance)
    if kind:
        record_change(kind, instance.translation_key)
        record_naming_items(kind, [instance.translation_key])


def page_deleted(sender, instance, **kwargs):
    kind = kind_of(instance)
    if kind:
        record_change(kind, instance.translation_key)


def page_about_to_be_deleted(sender, instance, **kwargs):
    """Before the deletion removes the relations that name the page (a resource's related events)."""
    kind = kind_of(instance)
    if kind:
        record_naming_items(kind, [instance.translation_key])


def record_naming_items(kind: str, translation_keys) -> None:
    """The records that name these items by id (a resource's related_events) list only items that
    are listed: any change to whether they are listed changes those records too."""
    for naming_kind, listed in registered_listed_pages().items():
        for relation in listed.names.get(kind, ()):
            naming = listed.model.objects.filter(**{f"{relation}__translation_key__in": translation_keys})
            record_listed_changes(naming_kind, naming.values_list("translation_key", flat=True))


def related_row_changed(sender, instance, **kwargs):
    """A row a record shows changed (a registration takes a seat): its page's record changed."""
    for kind, listed in registered_listed_pages().items():
        page_field = listed.changes_with.get(sender._meta.label)
        if page_field is None:
            continue
        page_id = getattr(instance, f"{page_field}_id")
        key = listed.model.objects.filter(pk=page_id).values_list("translation_key", flat=True).first()
        if key:
            record_change(kind, key)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    """A restricted page hides everything under it from the API: those items count as changed."""
    for kind, listed in registered_listed_pages().items():
        pages = listed.model.objects.descendant_of(instance.page, inclusive=True)
        keys = set(pages.values_list("translation_key", flat=True))
        record_changes(kind, keys)
        record_naming_items(kind, keys)


def shown_object_changed(sender, instance, raw=False, **kwargs):
    """A renamed theme, a moved venue or a deleted image changes every record that shows it, in
    every language.

    Runs before a deletion too, while the pages still point at the object. Translatable snippets
    are found in any language (by translation key); images and documents by themselves."""
    if raw:
        return
    # The vocabulary endpoints show it even where no listed item does.
    transaction.on_commit(bump_version)
    translatable = hasattr(instance, "translation_key")
    for kind, listed in registered_listed_pages().items():
        for relation in listed.shows.get(sender._meta.label, ()):
            if translatable:
                lookup = {f"{relation}__translation_key": instance.translation_key}
            else:
                lookup = {relation: instance.pk}
            keys = listed.model.objects.filter(**lookup).values_list("translation_key", flat=True)
            record_listed_changes(kind, keys)


def connect() -> None:
    """Listen to the listed page models, the objects they show and the rows that change them."""
    for kind, listed in registered_listed_pages().items():
        # Per listed model: deleting a page sends the signals for the specific class too.
        post_delete.connect(page_deleted, sender=listed.model, dispatch_uid=f"partner_api_deleted_{kind}")
        pre_delete.connect(
            page_about_to_be_deleted, sender=listed.model, dispatch_uid=f"partner_api_deleting_{kind}"
        )
        for label in listed.shows:
            model = apps.get_model(label)
            uid = f"partner_api_shown_{label}"
            post_save.connect(shown_object_changed, sender=model, dispatch_uid=f"{uid}_saved")
            pre_delete.connect(shown_object_changed, sender=model, dispatch_uid=f"{uid}_deleted")
        for label in listed.changes_with:
            model = apps.get_model(label)
            uid = f"partner_api_related_{label}"
            post_save.connect(related_row_changed, sender=model, dispatch_uid=f"{uid}_saved")
            post_delete.connect(related_row_changed, sender=model, dispatch_uid=f"{uid}_deleted")
