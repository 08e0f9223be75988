"""Moving a model from one app to another in migrations without touching its rows.

The table is renamed and the content type row is relabelled in place, so everything that points
at the content type by id keeps working: wagtail-localize's translation sources, permissions,
the reference index, log entries and search index entries.
"""

from django.db import migrations


def rename_tables(renames: list[tuple[str, str]]) -> migrations.RunSQL:
    """RunSQL that renames each (old, new) table, and back when the migration is reversed."""
    return migrations.RunSQL(
        [f'ALTER TABLE "{old}" RENAME TO "{new}"' for old, new in renames],
        [f'ALTER TABLE "{new}" RENAME TO "{old}"' for old, new in reversed(renames)],
    )


def move_content_types(old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """RunPython that relabels the content types of `models` (lower-case names) from one app to the other."""

    def relabel(from_app, to_app):
        def run(apps, schema_editor):
            content_types = apps.get_model("contenttypes", "ContentType")
            for model in models:
                content_types.objects.using(schema_editor.connection.alias).filter(
                    app_label=from_app, model=model
                ).update(app_label=to_app)

        return run

    return migrations.RunPython(relabel(old_app, new_app), relabel(new_app, old_app))
