"""Absolute addresses for e-mails, feeds and calendars, from the site's public base URL."""

from django.conf import settings


def absolute_url(path_or_url: str) -> str:
    """The full address of a path on the site; a full address (several sites) is returned as it is."""
    if not path_or_url.startswith("/"):
        return path_or_url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path_or_url
