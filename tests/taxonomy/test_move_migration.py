"""Moving the vocabularies and people out of the events app keeps every row, id and translation.

The test database holds the demo site; a theme gets a translation made with wagtail-localize. The
migrations are then run back to before the move (the layout of a site installed earlier) and
forward again, as `manage.py migrate` does on an upgrade.
"""

import pytest

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from events.models import EventPage
from people.models import Organisation, Person
from taxonomy.models import Profession, TargetGroup, Theme
from tests import demo_snapshot

pytestmark = pytest.mark.django_db(transaction=True)

MOVED = (Theme, Profession, TargetGroup, Person, Organisation)
BEFORE_THE_MOVE = [("events", "0005_directory"), ("taxonomy", None), ("people", None)]


def migrate(targets=None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def table_names() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (a table name of ours)
        return cursor.fetchone()[0]


def translate(translation: Translation, text: str) -> None:
    """Fill in every segment of the translation, as a translator does in the editor, and save it."""
    po = translation.export_po()
    for entry in po:
        entry.msgstr = text
    translation.import_po(po)
    translation.save_target()


@pytest.fixture
def synced_theme():
    demo_snapshot.restore()
    danish, english = Locale.objects.get(language_code="da"), Locale.objects.get(language_code="en")
    theme = Theme.objects.create(name="Naboskab", slug="naboskab", locale=danish)
    source, _created = TranslationSource.get_or_create_from_instance(theme)
    translation = Translation.objects.create(source=source, target_locale=english)
    translate(translation, "Neighbourhood")
    return theme, translation


def test_upgrade_keeps_rows_content_types_and_translation_sources(synced_theme, client, django_user_model):
    theme, translation = synced_theme
    english_theme = theme.get_translation(Locale.objects.get(language_code="en"))
    event = EventPage.objects.filter(themes__isnull=False).distinct().first()
    event_themes = set(event.themes.values_list("pk", flat=True))
    organisation = Organisation.objects.filter(themes__isnull=False).distinct().first()
    organisation_themes = set(organisation.themes.values_list("pk", flat=True))
    content_types = {model: ContentType.objects.get_for_model(model).pk for model in MOVED}
    counts = {model: model.objects.count() for model in MOVED}
    assert all(counts.values())

    try:
        migrate(BEFORE_THE_MOVE)
        # The layout of a site installed before the move: everything in the events app.
        tables = table_names()
        assert {"events_theme", "events_person", "events_organisation_themes"} <= tables
        assert not {"taxonomy_theme", "people_person"} & tables
        assert rows("events_theme") == counts[Theme]
        assert rows("events_organisation") == counts[Organisation]
        assert ContentType.objects.get(app_label="events", model="theme").pk == content_types[Theme]
    finally:
        migrate()

    tables = table_names()
    assert {"taxonomy_theme", "taxonomy_targetgroup", "people_person", "people_organisation_themes"} <= tables
    assert not {"events_theme", "events_person", "events_organisation"} & tables
    for model in MOVED:
        assert ContentType.objects.get_for_model(model).pk == content_types[model], model
        assert model.objects.count() == counts[model], model
    assert not ContentType.objects.filter(app_label="events", model__in=["theme", "person", "organisation"])
    assert set(EventPage.objects.get(pk=event.pk).themes.values_list("pk", flat=True)) == event_themes
    assert set(Organisation.objects.get(pk=organisation.pk).themes.values_list("pk", flat=True)) == (
        organisation_themes
    )

    # The translation source still finds its theme, and a Danish change still syncs to English.
    source = TranslationSource.objects.get(pk=translation.source_id)
    assert source.get_source_instance() == theme
    Theme.objects.filter(pk=theme.pk).update(name="Naboskaber")
    source.update_from_db()
    translate(Translation.objects.get(pk=translation.pk), "Neighbourhoods")
    english_theme.refresh_from_db()
    assert english_theme.name == "Neighbourhoods"

    # Editors still get wagtail-localize's translation editor for the English theme.
    editor = django_user_model.objects.create_superuser("editor", "editor@example.dk", "a-long-password-1")
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_taxonomy_theme:edit", args=[english_theme.pk]))
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]
