"""Every admin screen an editor reaches from the menu, and the edit view of every page type and
snippet, opens. With pytest turning RemovedInWagtail80Warning into an error (pyproject.toml), this
is also where a hook, panel or block that Wagtail 8 drops is caught."""

import pytest

from django.test import RequestFactory
from django.urls import reverse

from wagtail.admin.menu import admin_menu
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(admin_client, admin_user):
    return admin_client


def menu_urls(user) -> set[str]:
    request = RequestFactory().get("/admin/")
    request.user = user

    def walk(items):
        for item in items:
            if getattr(item, "menu", None) is not None:
                yield from walk(item.menu.menu_items_for_request(request))
            elif item.url.startswith("/admin/"):
                yield item.url

    return set(walk(admin_menu.menu_items_for_request(request)))


def test_every_screen_in_the_admin_menu_opens(editor, admin_user):
    """Settings answer with a redirect to the current site's form: followed."""
    urls = menu_urls(admin_user)
    assert len(urls) > 10
    failing = {url: editor.get(url, follow=True).status_code for url in sorted(urls)}
    assert {url: status for url, status in failing.items() if status != 200} == {}


def test_every_page_type_opens_in_the_editor_and_on_the_site(editor):
    seen = set()
    for page in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        kind = (type(page), page.locale.language_code)
        if kind in seen:
            continue
        seen.add(kind)
        assert editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200, page
        # Signed in, the page carries Wagtail's userbar, which runs the userbar hooks.
        if page.live:
            assert editor.get(page.url).status_code == 200, page
    assert len({kind for kind, _language in seen}) >= 6


def test_every_snippet_opens_in_the_editor(editor):
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        assert editor.get(reverse(viewset.get_url_name("list"))).status_code == 200, model
        instance = model.objects.first()
        if instance is not None:
            edit = reverse(viewset.get_url_name("edit"), args=[instance.pk])
            assert editor.get(edit).status_code == 200, model
