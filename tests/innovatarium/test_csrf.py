"""A form sent without its CSRF token gets a page in the visitor's language, not Django's English one."""

import pytest
from bs4 import BeautifulSoup

from django.test import Client

from tests.library.contribution_factories import contribution_form_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"),
    [("da", "Formularen kunne ikke sendes"), ("en", "The form could not be sent")],
)
def test_a_form_without_its_token_is_explained_in_the_visitors_language(language, heading):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(contribution_form_page(language).url, {"title": "Min idé"})
    assert response.status_code == 403
    page = BeautifulSoup(response.content, "lxml")
    assert page.html["lang"] == language
    assert page.h1.get_text(strip=True) == heading
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
