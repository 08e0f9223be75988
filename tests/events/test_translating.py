"""Translating an event with wagtail-localize's Translate action, as an editor does it in the admin."""

import pytest

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from demo.translation import translate
from events.models import EventPage, Venue
from people.models import Person
from taxonomy.models import Theme
from tests.events.factories import event_index, local, make_event, make_venue, publish

pytestmark = pytest.mark.django_db

VENUE_FIELDS = ("name", "street_address", "postal_code", "city", "accessibility")


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


def translate_in_admin(client, page, locale) -> EventPage:
    """Post the Translate form (⋯ → Translate → English) and return the English page it made."""
    # wagtail-localize publishes on commit; run those callbacks, as a committed request would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [locale.pk]}
        )
    assert response.status_code == 302, response.content
    return EventPage.objects.get(translation_key=page.translation_key, locale=locale)


def venue_fields(venue: Venue) -> dict:
    venue.refresh_from_db()
    return {name: getattr(venue, name) for name in VENUE_FIELDS}


def danish_venue() -> Venue:
    return make_venue(
        name="Innovatariet, store sal",
        accessibility="Trinfri adgang, teleslynge og handicaptoilet i stueetagen.",
    )


def english_written_by_hand(venue: Venue, locale: Locale) -> Venue:
    """An English venue written in the snippet editor, not through translation segments."""
    english_venue = venue.copy_for_translation(locale)
    english_venue.name = "The Innovatarium, main hall"
    english_venue.accessibility = "Step-free access, hearing loop, an accessible toilet on the ground floor."
    english_venue.save()
    return english_venue


def test_translating_an_event_leaves_an_english_venue_written_by_hand_alone(admin_client, english):
    venue = danish_venue()
    english_venue = english_written_by_hand(venue, english)
    before = venue_fields(english_venue)

    english_event = translate_in_admin(admin_client, make_event(venue=venue), english)

    assert venue_fields(english_venue) == before
    assert english_event.venue_id == english_venue.pk


def test_translating_an_event_leaves_a_venue_whose_synced_translation_was_stopped_alone(
    admin_client, english
):
    """An editor translated the venue, chose "Stop synced translation" and rewrote it in English."""
    venue = danish_venue()
    source, _ = TranslationSource.get_or_create_from_instance(venue)
    translation = Translation.objects.create(source=source, target_locale=english, enabled=False)
    english_venue = english_written_by_hand(venue, english)
    before = venue_fields(english_venue)

    translate_in_admin(admin_client, make_event(venue=venue), english)

    assert venue_fields(english_venue) == before
    translation.refresh_from_db()
    assert not translation.enabled


def test_translating_an_event_keeps_the_english_venue_of_the_demo(admin_client, english):
    """The demo's venues are synced translations; their English text survives a page's translation."""
    venue = Venue.objects.filter(locale__language_code="da").first()
    english_venue = venue.get_translation(english)
    before = venue_fields(english_venue)

    english_event = translate_in_admin(admin_client, make_event(venue=venue), english)

    assert venue_fields(english_venue) == before
    assert english_event.venue_id == english_venue.pk


def test_translating_an_event_with_an_untranslated_venue_gives_the_venue_an_english_translation(
    admin_client, english
):
    """What wagtail-localize does for a venue without English is kept: the English page needs one."""
    venue = danish_venue()

    english_event = translate_in_admin(admin_client, make_event(venue=venue), english)

    english_venue = venue.get_translation(english)
    assert english_event.venue_id == english_venue.pk
    assert Translation.objects.get(source__object_id=venue.translation_key, target_locale=english).enabled


def upcoming_event(**fields) -> EventPage:
    return make_event(
        title="Samskabelse i praksis", start=local(2027, 3, 3, 9, 30), end=local(2027, 3, 3, 15), **fields
    )


def test_translate_makes_a_draft_that_is_not_on_the_english_site_until_published(
    admin_client, client, english
):
    """Translate copies the Danish text into a draft; visitors and partners see it only once published."""
    event = upcoming_event()
    english_event = translate_in_admin(admin_client, event, english)
    english_list = event_index("en").url
    api_record = f"/api/listings/v1/events/{event.translation_key}"

    assert not english_event.live
    assert english_event.has_unpublished_changes
    assert client.get(english_event.url).status_code == 404
    assert "Samskabelse i praksis" not in client.get(english_list).content.decode()
    record = client.get(api_record).json()
    assert record["languages"] == ["da"] and record["title"]["en"] is None

    revision = english_event.get_latest_revision()
    draft = revision.as_object()
    draft.title = "Co-creation in practice"
    with TestCase.captureOnCommitCallbacks(execute=True):
        draft.save_revision().publish()

    assert "Co-creation in practice" in client.get(english_list).content.decode()
    record = client.get(api_record).json()
    assert record["languages"] == ["da", "en"] and record["title"]["en"] == "Co-creation in practice"


def english_and_danish_themes(english):
    danish_theme = Theme.objects.filter(locale__language_code="da").first()
    return danish_theme, danish_theme.get_translation(english)


def test_the_event_form_offers_themes_people_and_venues_in_the_page_language_only(admin_client, english):
    event = upcoming_event()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    form = response.context["form"]

    for name in ("themes", "professions", "speakers", "partners", "venue"):
        locales = {item.locale_id for item in form.fields[name].queryset}
        assert locales == {event.locale_id}, name
    assert "Vises på Dansk, sidens sprog." in form.fields["themes"].help_text  # the admin user's language


def test_an_english_theme_cannot_be_attached_to_a_danish_event(english):
    danish_theme, english_theme = english_and_danish_themes(english)
    event = upcoming_event()
    event.themes.set([danish_theme, english_theme])

    with translation.override("da"), pytest.raises(ValidationError) as refused:
        event.full_clean()
    with translation.override("da"):
        message = refused.value.message_dict["themes"][0]
    assert english_theme.name in message and danish_theme.name not in message
    assert "Vælg på sidens sprog (Dansk)" in message


def test_the_english_translation_names_the_english_themes_people_and_venue(admin_client, english):
    danish_theme, english_theme = english_and_danish_themes(english)
    person = Person.objects.filter(locale__language_code="da").first()
    event = upcoming_event()
    event.themes.set([danish_theme])
    event.speakers.set([person])
    event = publish(event)

    english_event = translate_in_admin(admin_client, event, english)

    assert list(english_event.themes.all()) == [english_theme]
    assert list(english_event.speakers.all()) == [person.get_translation(english)]
    assert english_event.venue.locale_id == english.pk
    english_event.full_clean()


def test_a_new_event_form_starts_with_one_empty_price_option(admin_client):
    """Not "The minimum number of items is 1" in red before the editor has typed anything."""
    response = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index().pk])
    )
    initial = response.context["form"].initial["price_options"]
    assert [block.block_type for block in initial] == ["price"]
    assert initial[0].value["vat"] == "exempt" and not initial[0].value["label"]


@pytest.mark.parametrize("publish_immediately", [True, False])
@pytest.mark.parametrize(
    ("danish_after", "english_after"), [([1], [1]), ([], [])], ids=["changed", "cleared"]
)
def test_syncing_brings_a_changed_choice_of_themes_in_english(
    admin_client, english, publish_immediately, danish_after, english_after
):
    """The Danish event's themes change and the editor chooses "Sync translated pages": the English
    event names the English translations of the new themes (wagtail-localize copies the Danish ones,
    which the page-language rule refused, and the sync dropped the update without a word)."""
    themes = list(Theme.objects.filter(locale__language_code="da").order_by("pk")[:2])
    event = upcoming_event()
    event.themes.set([themes[0]])
    event = publish(event)
    english_event = translate_in_admin(admin_client, event, english)
    with TestCase.captureOnCommitCallbacks(execute=True):
        english_event.get_latest_revision().publish()

    event.themes.set([themes[index] for index in danish_after])
    event = publish(event)
    source = TranslationSource.objects.get(
        object_id=event.translation_key, specific_content_type__model="eventpage"
    )
    form = {"publish_translations": "on"} if publish_immediately else {}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(reverse("wagtail_localize:update_translations", args=[source.pk]), form)
    assert response.status_code == 302
    if not publish_immediately:
        # The editor publishes the English page from the translation editor.
        translation = Translation.objects.get(source=source, target_locale=english)
        with TestCase.captureOnCommitCallbacks(execute=True):
            translation.save_target(publish=True)

    english_event = EventPage.objects.get(pk=english_event.pk)
    expected = [themes[index].get_translation(english) for index in english_after]
    assert list(english_event.themes.order_by("pk")) == expected
    assert list(english_event.get_latest_revision().as_object().themes.order_by("pk")) == expected


def test_syncing_a_changed_danish_page_brings_only_the_new_text(admin_client, english):
    """The translator's English stays; only the changed Danish text comes in, to be translated."""
    event = publish(upcoming_event(summary="En dag om at skabe løsninger sammen."))
    english_event = translate(
        event, {"title": "Co-creation in practice", "summary": "A day on making solutions together."}, english
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        english_event.get_latest_revision().publish()

    event.summary = "En dag om at skabe løsninger sammen med borgerne."
    event = publish(event)
    source = TranslationSource.objects.get(
        object_id=event.translation_key, specific_content_type__model="eventpage"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin_client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]), {"publish_translations": "on"}
        )

    english_event = EventPage.objects.get(pk=english_event.pk)
    assert english_event.title == "Co-creation in practice"
    assert english_event.summary == "En dag om at skabe løsninger sammen med borgerne."  # until translated
    untranslated = {
        segment.string.data
        for segment in source.stringsegment_set.select_related("string")
        if not segment.string.translations.filter(locale=english).exists()
    }
    assert untranslated == {"En dag om at skabe løsninger sammen med borgerne."}
