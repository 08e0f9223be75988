"""Which requests belong to the Wagtail admin, found from its URL rather than a hard-coded prefix."""

from functools import cache

from django.urls import get_script_prefix, reverse


@cache
def admin_prefix() -> str:
    """The admin's path as request.path_info sees it (without a deployment's script prefix)."""
    return "/" + reverse("wagtailadmin_home").removeprefix(get_script_prefix())


def is_admin_request(request) -> bool:
    return request.path_info.startswith(admin_prefix())
