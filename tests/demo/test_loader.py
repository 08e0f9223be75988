"""The demo loader builds what the data files declare, in Danish with synced English translations."""

import pytest

from django.apps import apps
from django.urls import reverse

from wagtail.models import Locale, Page, Site, TranslatableMixin
from wagtail_localize.models import Translation, TranslationSource

from demo.loader import OBJECTS, in_language, load_demo, read
from home.models import StandardPage
from library.models import ResourcePage
from taxonomy.models import Theme

pytestmark = pytest.mark.django_db


def declared_with_parents():
    """(model, spec, parent's key) of every object in the data files, pages and their children included."""

    def walk(specs, model_label, parent):
        for spec in specs:
            yield apps.get_model(spec.get("model") or model_label), spec, parent
            yield from walk(spec.get("children", []), None, in_language(spec.get("slug"), "da"))

    for name in OBJECTS:
        for group in read(name):
            yield from walk(group["objects"], group.get("model"), group.get("parent"))


def declared():
    return [(model, spec) for model, spec, _parent in declared_with_parents()]


def declared_pages():
    return [(model, spec) for model, spec in declared() if issubclass(model, Page)]


def declared_snippets():
    return [
        (model, spec)
        for model, spec in declared()
        if issubclass(model, TranslatableMixin) and not issubclass(model, Page)
    ]


@pytest.fixture
def locales():
    return Locale.objects.get(language_code="da"), Locale.objects.get(language_code="en")


def danish_page(model, spec):
    return model.objects.get(slug=in_language(spec["slug"], "da"), locale__language_code="da")


def test_every_declared_page_is_live_in_danish_with_its_english_translation(locales):
    danish_locale, english_locale = locales
    pages = declared_pages()
    assert len(pages) >= 40
    for model, spec in pages:
        page = danish_page(model, spec)
        assert page.live and page.title == in_language(spec["title"], "da")
        english = page.get_translation(english_locale).specific
        assert english.live, english
        assert (english.slug, english.title) == (
            in_language(spec["slug"], "en"),
            in_language(spec["title"], "en"),
        )
    assert Page.objects.filter(depth__gte=2, locale=danish_locale).count() == len(pages)
    assert Page.objects.filter(depth__gte=2, locale=english_locale).count() == len(pages)


def test_pages_sit_in_the_declared_tree_in_menu_order(locales):
    """Children are made in the order the data lists them, and the English tree mirrors the Danish."""
    _danish, english_locale = locales
    children = {}
    for model, spec, parent in declared_with_parents():
        if issubclass(model, Page):
            children.setdefault(parent, []).append(in_language(spec["slug"], "da"))
    for model, spec in declared_pages():
        declared_children = children.get(in_language(spec["slug"], "da"))
        if not declared_children:
            continue
        page = danish_page(model, spec)
        assert [child.slug for child in page.get_children()] == declared_children
        english_children = [
            child.translation_key for child in page.get_translation(english_locale).get_children()
        ]
        assert english_children == [child.translation_key for child in page.get_children()]
    resources = [spec for model, spec in declared_pages() if model is ResourcePage]
    assert ResourcePage.objects.live().filter(locale__language_code="da").count() == len(resources) >= 28


def test_the_first_page_roots_the_default_site():
    home_model, home_spec = declared_pages()[0]
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == danish_page(home_model, home_spec)
    assert not Page.objects.filter(depth=2, content_type__model="page").exists(), "the welcome page is gone"


def test_relations_name_the_declared_objects():
    """Every many-to-many relation the data declares on a page or snippet holds exactly those objects."""
    checked = 0
    for model, spec in declared():
        key_field = "slug"
        if not hasattr(model, key_field) or "slug" not in spec:
            continue
        obj = model.objects.get(**{key_field: in_language(spec["slug"], "da")}, locale__language_code="da")
        for name, keys in spec.items():
            field = model._meta.get_field(name) if name not in ("model", "key", "children") else None
            if field is None or not field.many_to_many or not hasattr(field.related_model, "slug"):
                continue
            assert sorted(getattr(obj, name).values_list("slug", flat=True)) == sorted(keys), (obj, name)
            checked += 1
    assert checked > 100


def test_every_translatable_snippet_has_its_english_translation(locales):
    danish_locale, english_locale = locales
    snippets = declared_snippets()
    assert {model for model, _spec in snippets} >= {Theme, apps.get_model("people.Person")}
    for model, spec in snippets:
        text_fields = [
            name
            for name, value in spec.items()
            if isinstance(value, dict)
            and value.keys() == {"da", "en"}
            and not model._meta.get_field(name).is_relation
        ]
        danish = model.objects.get(
            locale=danish_locale,
            **{name: in_language(spec[name], "da") for name in text_fields[:1] or ["slug"]},
        )
        english = danish.get_translation(english_locale)
        for name in text_fields:
            assert getattr(english, name) == in_language(spec[name], "en"), (danish, name)


def test_english_pages_and_snippets_are_synced_wagtail_localize_translations(locales):
    danish_locale, english_locale = locales
    english_page = StandardPage.objects.filter(locale=english_locale).first()
    english_theme = Theme.objects.filter(locale=english_locale).first()
    for english in (english_page, english_theme):
        source = TranslationSource.objects.get(object_id=english.translation_key)
        assert source.locale == danish_locale
        assert Translation.objects.get(source=source, target_locale=english_locale).enabled
    translated = Translation.objects.filter(target_locale=english_locale, enabled=True).count()
    assert translated == len(declared_pages()) + len(declared_snippets())


@pytest.mark.parametrize("kind", ["page", "snippet"])
def test_editors_get_the_translation_editor_for_english_demo_content(admin_client, locales, kind):
    _danish, english_locale = locales
    if kind == "page":
        english = StandardPage.objects.filter(locale=english_locale).first()
        url = reverse("wagtailadmin_pages:edit", args=[english.pk])
    else:
        english = Theme.objects.filter(locale=english_locale).first()
        url = reverse("wagtailsnippets_taxonomy_theme:edit", args=[english.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [
        template.name for template in response.templates
    ]


def test_a_danish_change_syncs_to_the_english_page_and_keeps_its_english(locales):
    """What "Sync translated pages" does: new Danish text arrives, the translated segments stay English."""
    _danish, english_locale = locales
    page = StandardPage.objects.filter(locale__language_code="da").exclude(body=[]).first()
    english = page.get_translation(english_locale).specific
    english_before = [block.render_as_block() for block in english.body]
    page.body.append(("heading", {"text": "Et nyt afsnit", "level": "h2"}))
    page.save_revision().publish()

    source = TranslationSource.objects.get(object_id=page.translation_key)
    source.update_from_db()
    source.create_or_update_translation(english_locale, publish=True, fallback=True)
    english.refresh_from_db()
    assert [block.render_as_block() for block in english.body][:-1] == english_before
    assert (
        english.body[-1].value["text"] == "Et nyt afsnit"
    )  # untranslated yet: the Danish, until a translator comes


def test_loading_again_changes_nothing():
    counts = {model: model.objects.count() for model in (Page, ResourcePage, Theme, TranslationSource)}
    assert load_demo() is False
    assert {model: model.objects.count() for model in counts} == counts


def test_resources_are_in_the_search_index():
    """The loader indexes once at the end instead of on every save: every resource is found by its title."""
    for resource in ResourcePage.objects.live().filter(locale__language_code="da")[:5]:
        longest_word = max(resource.title.replace("»", " ").replace("«", " ").split(), key=len)
        found = ResourcePage.objects.live().filter(locale=resource.locale).search(longest_word)
        assert resource.pk in [hit.pk for hit in found], longest_word
