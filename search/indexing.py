"""Keeps the search index in step with publishing, unpublishing and translating pages.

Wagtail already indexes a page whenever its row is saved, but it does so inside the saving
transaction. These handlers queue one more update for the moments the public results change, and
only once the transaction has committed: the task then reads what visitors will see (and a
rolled-back publish never reaches Elasticsearch).
"""

from django.db import transaction

from wagtail.models import Page
from wagtail.signals import copy_for_translation_done, page_published, page_unpublished


def queue_reindex(page_id: int) -> None:
    from search.tasks import reindex_page

    transaction.on_commit(lambda: reindex_page.enqueue(page_id))


def page_changed(sender, instance, **kwargs) -> None:
    queue_reindex(instance.pk)


def translation_created(sender, source_obj, target_obj, **kwargs) -> None:
    # Translations of snippets (venues, themes …) are not indexed on their own.
    if isinstance(target_obj, Page):
        queue_reindex(target_obj.pk)


def connect() -> None:
    page_published.connect(page_changed, dispatch_uid="search_page_published")
    page_unpublished.connect(page_changed, dispatch_uid="search_page_unpublished")
    copy_for_translation_done.connect(translation_created, dispatch_uid="search_translation_created")
