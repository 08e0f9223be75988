"""Clearing the demo's pages out of a test's way, quickly."""

from django.test import override_settings


def delete_demo_rows(queryset) -> None:
    """Delete rows of the demo that a test does not want (rolled back after it).

    The demo's English pages are synced translations; on each deletion wagtail-localize would
    clean up its translation records one by one, which is slow and of no interest here, so it
    only disables them.
    """
    with override_settings(WAGTAILLOCALIZE_DISABLE_ON_DELETE=True):
        # Taken offline in one statement first: Wagtail otherwise unpublishes each page on its own
        # before deleting it (a log entry, the unpublish signals and what listens to them, for every
        # page), which made clearing the demo's library take seconds in every test that does it.
        queryset.update(live=False)
        queryset.delete()
