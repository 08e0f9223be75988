"""An English page from before the page-language rule names Danish snippets; the repair command points
it (its row and the revision the editor opens) at the English ones, and changes nothing the second time."""

import pytest

from django.core.management import call_command

from wagtail.models import Locale

from taxonomy.models import Theme
from tests.events.factories import make_event
from tests.library.factories import theme

pytestmark = pytest.mark.django_db


def test_old_english_pages_come_to_name_english_snippets(capsys):
    english = Locale.objects.get(language_code="en")
    danish_theme = theme("aldring-test", "Aldring")
    danish = make_event(title="Aldring i praksis")
    danish.themes.set([danish_theme])
    danish.save_revision().publish()
    old = danish.copy_for_translation(english)  # Wagtail's own copy, as before the rule: Danish themes
    old.themes.set([danish_theme])
    revision = old.save_revision(clean=False)
    old.live, old.live_revision = True, revision
    old.save(clean=False)
    assert [t.locale for t in old.themes.all()] == [danish_theme.locale]

    call_command("localise_page_choices")

    old.refresh_from_db()
    english_theme = Theme.objects.get(translation_key=danish_theme.translation_key, locale=english)
    assert list(old.themes.all()) == [english_theme]
    assert list(old.get_latest_revision_as_object().themes.all()) == [english_theme]
    old.full_clean()  # the page-language rule holds now
    assert "1." in capsys.readouterr().out

    call_command("localise_page_choices")
    assert capsys.readouterr().out == "", "nothing left to change"
