"""A new page's first try, autosaved as a draft and left, neither blocks the retry in silence nor
fills the operators' log with "Bad Request" lines."""

import logging

import pytest
from bs4 import BeautifulSoup

from django.test import RequestFactory
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, streamfield

from core.log_filters import WithoutAutosaveRefusals
from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def new_page_form(title: str, **extra) -> dict:
    return nested_form_data(
        {"title": title, "slug": "", "introduction": "", "body": streamfield([]), **extra}
    )


@pytest.fixture
def add_url(admin_client):
    home = HomePage.objects.get(locale__language_code="da")
    return reverse("wagtailadmin_pages:add", args=["home", "standardpage", home.pk])


def test_the_retry_is_pointed_to_the_autosaved_first_try(admin_client, add_url):
    # Wagtail's autosave: the editor typed a title, the page saved itself as a draft, the tab closed.
    autosaved = admin_client.post(
        add_url, new_page_form("Om Huset", slug="om-huset-2027"), HTTP_ACCEPT="application/json"
    )
    assert autosaved.status_code == 200 and autosaved.json()["success"]
    first_try = StandardPage.objects.get(slug="om-huset-2027")
    assert not first_try.live

    retry = admin_client.post(add_url, new_page_form("Om Huset 2027", slug="om-huset-2027"))

    assert retry.status_code == 200  # the form again, with its error
    message = retry.context["form"].errors["slug"][0]
    assert "Om Huset" in message and "aldrig" in message  # "never published", in the editor's Danish
    # Drawn as a link under the field, not as escaped markup.
    continue_draft = BeautifulSoup(retry.content, "lxml").find("a", string="Fortsæt den kladde")
    assert continue_draft["href"] == reverse("wagtailadmin_pages:edit", args=[first_try.pk])
    assert StandardPage.objects.filter(slug="om-huset-2027").count() == 1


def test_a_published_page_keeps_wagtails_plain_message(admin_client, add_url):
    taken = StandardPage.objects.filter(locale__language_code="da").live().first()

    retry = admin_client.post(add_url, new_page_form("Noget nyt", slug=taken.slug))

    message = retry.context["form"].errors["slug"][0]
    assert "<a" not in message and taken.slug in message


@pytest.mark.parametrize(
    ("path", "accept", "logged"),
    [
        ("/admin/pages/add/home/standardpage/3/", "application/json", False),  # autosave, not valid yet
        ("/admin/pages/add/home/standardpage/3/", "text/html", True),  # a real bad request in the admin
        ("/arrangementer/", "application/json", True),  # a visitor's
    ],
)
def test_only_the_autosave_refusals_leave_the_log(path, accept, logged):
    request = RequestFactory().post(path, HTTP_ACCEPT=accept)
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Bad Request: %s", (path,), None)
    record.status_code, record.request = 400, request

    assert WithoutAutosaveRefusals().filter(record) is logged
