# People and organisations move here from the events app: the tables are renamed and their content
# types relabelled, so rows, ids and translation sources stay as they were.

import uuid

import django.db.models.deletion
import modelsearch.index
from django.db import migrations, models

from core.moving import move_content_types, rename_tables


def locale_field():
    return models.ForeignKey(
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="wagtailcore.locale",
        verbose_name="locale",
    )


def image_field(verbose_name):
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=django.db.models.deletion.SET_NULL,
        related_name="+",
        to="wagtailimages.image",
        verbose_name=verbose_name,
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("taxonomy", "0001_initial"),
        ("events", "0005_directory"),
        ("library", "0001_initial"),
        ("network", "0003_directory_page"),
        ("partner_api", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                rename_tables(
                    [
                        ("events_person", "people_person"),
                        ("events_organisation", "people_organisation"),
                        ("events_organisation_themes", "people_organisation_themes"),
                    ]
                )
            ],
            state_operations=[
                migrations.CreateModel(
                    name="Person",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        (
                            "slug",
                            models.SlugField(
                                blank=True,
                                help_text="Used in the address of the person's directory page. "
                                "Made from the name when empty.",
                                max_length=80,
                                verbose_name="slug",
                            ),
                        ),
                        (
                            "show_in_directory",
                            models.BooleanField(
                                default=False,
                                help_text="Only with the person's consent: a public page with their role, "
                                "biography, events and material. Applies to every language at once.",
                                verbose_name="show in the directory",
                            ),
                        ),
                        ("role", models.CharField(blank=True, max_length=160, verbose_name="title or role")),
                        ("bio", models.TextField(blank=True, max_length=800, verbose_name="short biography")),
                        ("locale", locale_field()),
                        ("photo", image_field("photo")),
                    ],
                    options={
                        "verbose_name": "person",
                        "verbose_name_plural": "people",
                        "ordering": ["name"],
                        "abstract": False,
                        "constraints": [
                            models.UniqueConstraint(fields=("slug", "locale"), name="unique_person_slug_per_locale")
                        ],
                        "unique_together": {("translation_key", "locale")},
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name="Organisation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                        ("name", models.CharField(max_length=160, verbose_name="name")),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Used in addresses and API filters.", max_length=80, verbose_name="slug"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("union", "Trade union"),
                                    ("municipality", "Municipality"),
                                    ("institution", "Institution"),
                                    ("foundation", "Foundation"),
                                    ("ngo", "Voluntary organisation"),
                                    ("education", "Educational institution"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        ("description", models.TextField(blank=True, max_length=800, verbose_name="description")),
                        ("website", models.URLField(blank=True, verbose_name="website")),
                        (
                            "show_in_directory",
                            models.BooleanField(
                                default=True,
                                help_text="A public page with the description, themes, events and material. "
                                "Applies to every language.",
                                verbose_name="show in the directory",
                            ),
                        ),
                        ("locale", locale_field()),
                        ("logo", image_field("logo")),
                        (
                            "themes",
                            models.ManyToManyField(
                                blank=True,
                                help_text="What the organisation works on; the directory filters by it. "
                                "Shared by every language.",
                                related_name="+",
                                to="taxonomy.theme",
                                verbose_name="themes",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "organisation",
                        "verbose_name_plural": "organisations",
                        "ordering": ["name"],
                        "abstract": False,
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("slug", "locale"), name="unique_organisation_slug_per_locale"
                            )
                        ],
                        "unique_together": {("translation_key", "locale")},
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
        ),
        move_content_types("events", "people", ["person", "organisation"]),
    ]
