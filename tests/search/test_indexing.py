"""The index follows publishing, unpublishing and translating, through the tasks framework."""

import pytest

from django.db import transaction

from wagtail.models import Locale, Page

from home.models import StandardPage
from search import tasks
from search.site_search import SearchRequest, search
from tests.search.corpus import make_page

pytestmark = pytest.mark.django_db


def titles_found(query: str, language_code: str) -> list[str]:
    outcome = search(SearchRequest(query=query), Locale.objects.get(language_code=language_code))
    return [item.page.title for item in outcome.items]


@pytest.fixture
def enqueued(monkeypatch):
    """The page ids our reindex task was queued for; each is still run (the immediate backend)."""
    seen = []
    task = tasks.reindex_page

    class Spy:
        def enqueue(self, page_id):
            seen.append(page_id)
            return task.enqueue(page_id)

    monkeypatch.setattr(tasks, "reindex_page", Spy())
    return seen


def test_publishing_new_text_updates_the_index(django_capture_on_commit_callbacks, enqueued):
    page = make_page("da", "Billedværksted", "Vi maler med akvarel.")
    page.body = '[{"type": "paragraph", "value": "<p>Vi tegner med kul.</p>"}]'
    revision = page.save_revision()
    assert titles_found("kul", "da") == []  # a draft is not what visitors see
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert page.pk in enqueued
    assert titles_found("kul", "da") == ["Billedværksted"]
    assert titles_found("akvarel", "da") == []


def test_unpublished_pages_leave_the_results(django_capture_on_commit_callbacks, enqueued):
    page = make_page("da", "Lerværksted", "Vi drejer skåle af ler.")
    assert titles_found("skåle", "da") == ["Lerværksted"]
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert page.pk in enqueued
    assert titles_found("skåle", "da") == []


def test_a_new_translation_is_indexed_in_its_own_language(django_capture_on_commit_callbacks, enqueued):
    danish = make_page("da", "Vævestue", "Vi væver tæpper.")
    english_locale = Locale.objects.get(language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        translation = danish.copy_for_translation(english_locale)
    assert translation.pk in enqueued
    translation.title = "Weaving room"
    translation.body = '[{"type": "paragraph", "value": "<p>We are weaving rugs.</p>"}]'
    translation.save()
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_revision().publish()
    assert titles_found("weaves rug", "en") == ["Weaving room"]  # English stemming: weaving -> weav
    assert titles_found("tæppe", "da") == ["Vævestue"]


def test_a_rolled_back_publish_queues_nothing(enqueued):
    page = make_page("da", "Glasværksted", "Vi puster glas.")
    enqueued.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        page.save_revision().publish()
        raise RuntimeError("the editor's request failed")
    assert enqueued == []


def test_the_task_tolerates_a_deleted_page():
    page = make_page("da", "Midlertidig side")
    page_id = page.pk
    Page.objects.filter(pk=page_id).delete()
    assert tasks.reindex_page.enqueue(page_id).return_value is False
    assert not StandardPage.objects.filter(pk=page_id).exists()
