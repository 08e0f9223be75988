# Themes, professions and target groups move here from the events app: the tables are renamed and
# their content types relabelled, so rows, ids and translation sources stay as they were.

import uuid

import django.db.models.deletion
from django.db import migrations, models

from core.moving import move_content_types, rename_tables

MOVED = ["theme", "profession", "targetgroup"]


def vocabulary(name, verbose_name, verbose_name_plural, constraint):
    return migrations.CreateModel(
        name=name,
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
            ("name", models.CharField(max_length=80, verbose_name="name")),
            (
                "slug",
                models.SlugField(help_text="Used in addresses and API filters.", max_length=80, verbose_name="slug"),
            ),
            (
                "locale",
                models.ForeignKey(
                    editable=False,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="wagtailcore.locale",
                    verbose_name="locale",
                ),
            ),
        ],
        options={
            "verbose_name": verbose_name,
            "verbose_name_plural": verbose_name_plural,
            "ordering": ["name"],
            "abstract": False,
            "constraints": [models.UniqueConstraint(fields=("slug", "locale"), name=constraint)],
            "unique_together": {("translation_key", "locale")},
        },
    )


class Migration(migrations.Migration):
    initial = True

    # After every migration that still creates or points at the old tables.
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("events", "0005_directory"),
        ("library", "0001_initial"),
        ("network", "0003_directory_page"),
        ("partner_api", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[rename_tables([(f"events_{model}", f"taxonomy_{model}") for model in MOVED])],
            state_operations=[
                vocabulary("Profession", "profession", "professions", "unique_profession_slug_per_locale"),
                vocabulary("TargetGroup", "target group", "target groups", "unique_target_group_slug_per_locale"),
                vocabulary("Theme", "theme", "themes", "unique_theme_slug_per_locale"),
            ],
        ),
        move_content_types("events", "taxonomy", MOVED),
    ]
