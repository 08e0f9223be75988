"""Shared fixtures: the bilingual demo site is built once per test session and rolled back per test."""

from contextlib import nullcontext

import pytest

from demo.loader import load_demo
from tests import demo_snapshot, demo_template


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_keepdb, django_db_createdb,
    django_db_modify_db_settings, tmp_path_factory, worker_id,
):  # fmt: skip
    """pytest-django's own fixture, but with the demo site built once per run (tests/demo_template.py)."""
    from django.test.utils import setup_databases, teardown_databases

    keepdb = django_db_keepdb and not django_db_createdb
    run_folder = tmp_path_factory.getbasetemp().parent if worker_id != "master" else None
    shared = demo_template.shared_between_workers(run_folder) if run_folder else nullcontext()
    with django_db_blocker.unblock(), shared as template:
        if template:
            demo_template.start_from(template, run_folder)
        databases = setup_databases(verbosity=request.config.option.verbose, interactive=False, keepdb=keepdb)
        if not template:
            load_demo()
            demo_snapshot.take()
            if run_folder:
                demo_template.leave_template(run_folder)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(databases, verbosity=request.config.option.verbose)


def pytest_sessionfinish(session):
    """After the last worker: drop the run's demo template (only the controller has no workerinput)."""
    if hasattr(session.config, "workerinput") or not hasattr(session.config, "_tmp_path_factory"):
        return
    from pytest_django.plugin import blocking_manager_key

    with session.config.stash[blocking_manager_key].unblock():
        demo_template.drop_template(session.config._tmp_path_factory.getbasetemp())


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
