"""Shared fixtures: the bilingual demo site is built once per test session and rolled back per test."""

import pytest

from demo.loader import load_demo
from tests import demo_snapshot


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo()
        demo_snapshot.take()


@pytest.fixture
def site_pages(db):
    """The demo pages by language and Danish slug, the home page as "home": site_pages["en"]["home"]."""
    from wagtail.models import Page

    pages: dict[str, dict[str, Page]] = {"da": {}, "en": {}}
    danish = {
        page.translation_key: page for page in Page.objects.filter(depth__gte=2, locale__language_code="da")
    }
    for page in Page.objects.filter(depth__gte=2).select_related("locale").specific():
        source = danish[page.translation_key]
        key = "home" if source.depth == 2 else source.slug
        pages[page.locale.language_code][key] = page
    return pages


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rate-limit counters must not leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request through LocaleMiddleware leaves
    its language active in the thread, which would make a later test depend on the order."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
