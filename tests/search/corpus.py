"""Pages for search tests: standard pages and events in both languages, published and indexed."""

import json

from wagtail.models import Locale

from events.models import EventPage
from home.models import HomePage, StandardPage
from library.models import ResourcePage
from tests.events.factories import event_index, make_event, publish
from tests.library.factories import library_index, make_resource


def paragraph_body(text: str) -> str:
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"}])


def make_page(language_code: str, title: str, text: str = "", introduction: str = "") -> StandardPage:
    """A published standard page under the home page of the language, with `text` as its body."""
    home = HomePage.objects.get(locale__language_code=language_code)
    page = StandardPage(
        title=title,
        introduction=introduction,
        body=paragraph_body(text) if text else "[]",
        locale=Locale.objects.get(language_code=language_code),
    )
    home.add_child(instance=page)
    return publish(page)


def make_search_event(language_code: str, title: str, summary: str, **fields) -> EventPage:
    """A published event in the language's event list."""
    return make_event(index_page=event_index(language_code), title=title, summary=summary, **fields)


def make_search_resource(language_code: str, title: str, summary: str, **fields) -> ResourcePage:
    """A published resource in the language's library."""
    return make_resource(index_page=library_index(language_code), title=title, summary=summary, **fields)
