"""Editors build resources in the Wagtail admin: the form with its tabs, and a published edit."""

import re

import pytest

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from library.models import ResourcePage
from tests.library.factories import library_index, make_resource, theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("redaktor", "redaktor@example.org", "hemmeligt-1234")
    client.force_login(user)
    return client


def test_the_resource_form_has_tabs_for_facts_methods_and_cases(editor):
    index = library_index()
    response = editor.get(reverse("wagtailadmin_pages:add", args=["library", "resourcepage", index.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    tabs = [label.strip() for label in re.findall(r'role="tab"[^>]*>\s*([^<]+?)\s*<', html)]
    assert tabs[:4] == ["Indhold", "Fakta", "Metode eller værktøj", "Case"]
    for field in ("resource_type", "phase", "summary", "themes", "target_groups", "licence", "problem"):
        assert f'name="{field}"' in html, field
    assert '"fieldName": "steps"' in html  # a StreamField is drawn by the admin's JavaScript


def test_an_editor_changes_a_resource_and_publishes(editor):
    resource = make_resource(title="Gammel titel")
    edit = reverse("wagtailadmin_pages:edit", args=[resource.pk])
    data = nested_form_data(
        {
            "title": "Ny titel",
            "slug": resource.slug,
            "resource_type": "method",
            "phase": "spread",
            "summary": "Kort og klart.",
            "body": streamfield([]),
            "files": inline_formset([]),
            "external_links": streamfield([]),
            "material_language": "da",
            "licence": "cc0-1.0",
            "published_date": "2026-10-01",
            "steps": streamfield([]),
            "problem": rich_text(""),
            "approach": rich_text(""),
            "results": rich_text(""),
            "action-publish": "publish",
        }
    )
    data["themes"] = [theme("deling").pk]  # a list, which nested_form_data would number
    response = editor.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    resource = ResourcePage.objects.get(pk=resource.pk)
    assert resource.live and resource.title == "Ny titel"
    assert resource.phase == "spread" and resource.licence == "cc0-1.0"
    assert list(resource.themes.values_list("slug", flat=True)) == ["deling"]


def test_summary_longer_than_280_characters_is_refused(editor):
    resource = make_resource()
    resource.summary = "x" * 281
    with pytest.raises(Exception, match="280"):
        resource.full_clean()
