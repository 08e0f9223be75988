"""Builds the demo site from its data files (demo/data/*.yaml) through Wagtail's own APIs.

site.yaml names the site, its settings, its pictures and the words on the library's files. The other
files list groups of objects, made in the order of OBJECTS: a group may name the `model` and, for
pages, the `parent` page of its objects. An object gives its fields; text that differs by language is
written {da: …, en: …}, everything else is one fact in both. A relation names the other object by its
key: its `key`, else its Danish slug. Inside a StreamField a page is `!page key` and a picture
`!image key`. `!in_days 21 09:30` is a time and `!in_days -40` a day, counted from the day the demo
is loaded. A page's `children` are the pages below it; the first page without a parent becomes the
root of the default site.

Everything is made in Danish and published with a revision, then translated into English as a
synced wagtail-localize translation (demo.translation).
"""

import datetime as dt
import hashlib
from collections import defaultdict
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import yaml

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from wagtail.blocks import StreamValue
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, ReferenceIndex, Site, TranslatableMixin
from wagtail.search.backends import get_search_backends
from wagtail.search.index import get_indexed_models
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from demo import documents, pictures
from demo.translation import translate

DATA = Path(__file__).parent / "data"
OBJECTS = ["vocabularies.yaml", "people.yaml", "pages.yaml", "resources.yaml"]
NOT_FIELDS = {"model", "key", "children"}
# Blocks whose content wagtail-localize does not translate; the demo writes their English itself.
UNTRANSLATED_BLOCKS = (TableBlock,)


class PageKey(str):
    """`!page key`: a demo page inside a StreamField, stored as its id once every page exists."""


class ImageKey(str):
    """`!image key`: one of site.yaml's pictures inside a StreamField, stored as its id."""


class DataLoader(yaml.CSafeLoader):
    """Safe YAML (parsed by libyaml) with the demo's three tags."""


def _in_days(loader, node):
    days, _, time = loader.construct_scalar(node).partition(" ")
    day = timezone.localdate() + dt.timedelta(days=int(days))
    if not time:
        return day
    hour, minute = (int(part) for part in time.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(settings.TIME_ZONE))


DataLoader.add_constructor("!in_days", _in_days)
DataLoader.add_constructor("!page", lambda loader, node: PageKey(loader.construct_scalar(node)))
DataLoader.add_constructor("!image", lambda loader, node: ImageKey(loader.construct_scalar(node)))


def read(name: str):
    with open(DATA / name, encoding="utf-8") as file:
        return yaml.load(file, Loader=DataLoader)  # noqa: S506 (a SafeLoader with two tags)


def in_language(value, language: str):
    """The value as one language has it: each {da: …, en: …} becomes that language's text."""
    if isinstance(value, dict):
        if value.keys() == {"da", "en"}:
            return in_language(value[language], language)
        return {name: in_language(item, language) for name, item in value.items()}
    if isinstance(value, list):
        return [in_language(item, language) for item in value]
    return value


def _mentions_a_page(value) -> bool:
    if isinstance(value, dict):
        return any(_mentions_a_page(item) for item in value.values())
    if isinstance(value, list):
        return any(_mentions_a_page(item) for item in value)
    return isinstance(value, PageKey)


def full_stream(stream_block, blocks: list[dict]) -> list[dict]:
    """Raw StreamField data in the form the editor saves: every block and list item with an id,
    which wagtail-localize needs to find the segments of list items."""
    value = stream_block.to_python(blocks)
    return stream_block.get_prep_value(
        StreamValue(stream_block, [(child.block_type, child.value) for child in value])
    )


def has_content() -> bool:
    """Whether the tree holds a real page below its root (not only Wagtail's welcome page)."""
    return Page.objects.filter(depth=2).exclude(content_type=ContentType.objects.get_for_model(Page)).exists()


@contextmanager
def indexing_deferred():
    """Pause the search and reference indexes' updates on every save.

    Wagtail refreshes both after each save, and a page is saved several times while its two
    languages are made: most of the loading time. The caller indexes everything once afterwards.
    """
    models = list(get_indexed_models())
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


class DemoSite:
    """One load of the data files into an empty site."""

    def __init__(self):
        self.danish = Locale.objects.get_or_create(language_code="da")[0]
        self.english = Locale.objects.get_or_create(language_code="en")[0]
        self.site_data = read("site.yaml")
        self.objects: dict[str, dict] = defaultdict(dict)  # model label → key → Danish object
        self.pages: dict[str, Page] = {}  # key → Danish page
        self.page_specs: list[tuple[Page, dict]] = []  # in tree order
        self.documents: dict = {}
        self.made: list = []

    # ---- The steps ----------------------------------------------------------------------------

    def load(self) -> None:
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=self.danish)
        self.remove_placeholder(root)
        collections = Collection.get_first_root_node() or Collection.add_root(name="Root")
        self.collection = collections.add_child(name=self.site_data["documents"]["collection"])
        for spec in self.site_data["images"]:
            self.add_image(spec)
        for name in OBJECTS:
            for group in read(name):
                parent = self.pages[group["parent"]] if "parent" in group else root
                for spec in group["objects"]:
                    self.make(spec, group.get("model"), parent)
        for page, spec in self.page_specs:
            self.publish(page, spec)
        for page, spec in self.page_specs:
            self.translate_page(page, spec)
        self.configure_site()

    def make(self, spec: dict, model_label: str | None, parent: Page) -> None:
        model = apps.get_model(spec.get("model") or model_label)
        if issubclass(model, Page):
            self.make_page(model, spec, parent)
        else:
            self.make_object(model, spec)

    def make_object(self, model, spec: dict) -> None:
        """A snippet or other row in Danish; a translatable one gets its English translation."""
        values = self.values(model, spec, "da")
        later = {name: values.pop(name) for name in list(values) if self.field(model, name).many_to_many}
        obj = model(**values, **({"locale": self.danish} if issubclass(model, TranslatableMixin) else {}))
        obj.full_clean()
        obj.save()
        for name, related in later.items():
            getattr(obj, name).set(related)
        self.objects[model._meta.label][spec.get("key") or spec.get("slug")] = obj
        self.made.append(obj)
        if issubclass(model, TranslatableMixin):
            self.made.append(translate(obj, self.english_text(model, spec), self.english))

    def make_page(self, model, spec: dict, parent: Page) -> None:
        """Put a Danish page into the tree with what it can have before every page exists."""
        page = model(locale=self.danish)
        for name, value in spec.items():
            if name not in NOT_FIELDS and not self.points_at_pages(model, name, value):
                setattr(page, name, self.value(model, name, value, "da", spec))
        parent.add_child(instance=page)
        self.pages[spec.get("key") or in_language(spec["slug"], "da")] = page
        self.page_specs.append((page, spec))
        for child in spec.get("children", []):
            self.make(child, None, page)

    def publish(self, page: Page, spec: dict) -> None:
        """Add what names other pages, then publish the Danish page with its first revision."""
        model = type(page)
        for name, value in spec.items():
            if name not in NOT_FIELDS and self.points_at_pages(model, name, value):
                setattr(page, name, self.value(model, name, value, "da", spec))
        # Publishing validates the page; validating the revision first as well would double the work.
        page.save_revision(clean=False).publish()
        self.made.append(page)

    def translate_page(self, page: Page, spec: dict) -> None:
        """The English page: a synced translation, then what wagtail-localize leaves to the editor."""
        english = translate(page, self.english_text(type(page), spec), self.english)
        if self.add_what_sync_does_not_carry(english, spec):
            english.save_revision(clean=False).publish()
        else:
            english.get_latest_revision().publish()
        self.made.append(english)

    def add_what_sync_does_not_carry(self, page: Page, spec: dict) -> bool:
        """Give the English page its own files and its English tables.

        wagtail-localize copies child relations such as a resource's files from the Danish page and
        does not translate table blocks; the data has English ones. (A later sync brings the Danish
        ones back: that is wagtail-localize's rule for these fields, not the demo's.)
        """
        model, changed = type(page), False
        for name, value in spec.items():
            if name in NOT_FIELDS:
                continue
            field = self.field(model, name)
            if field.one_to_many:
                english = self.value(model, name, value, "en", spec)
                keys = sorted({key for item in value for key in item})
                if self.child_rows(getattr(page, name).all(), keys) != self.child_rows(english, keys):
                    setattr(page, name, english)
                    changed = True
            elif isinstance(field, StreamField):
                stream, english = getattr(page, name), None
                for index, child in enumerate(stream):
                    if isinstance(child.block, UNTRANSLATED_BLOCKS):
                        english = english or self.value(model, name, value, "en", spec)
                        stream[index] = (
                            child.block_type,
                            child.block.to_python(english[index]["value"]),
                            child.id,
                        )
                        changed = True
        return changed

    @staticmethod
    def remove_placeholder(root: Page) -> None:
        """Delete Wagtail's "Welcome to your new Wagtail site!" page, keeping the site it roots.

        First, while the translation tables are empty: wagtail-localize cleans them up on every
        page deletion, which takes long in a transaction that has just filled them.
        """
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None and site.root_page.specific_class is Page:
            welcome, site.root_page = site.root_page, root
            site.save()
            welcome.delete()

    def configure_site(self) -> None:
        """The first top-level page becomes the default site's root; the settings are filled in."""
        home = next(page for page, _ in self.page_specs if page.depth == 2)
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site.hostname = base_url.hostname or "localhost"
        site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
        site.root_page, site.site_name = home, self.site_data["site_name"]
        site.save()
        for label, spec in self.site_data["settings"].items():
            model = apps.get_model(label)
            setting = model.for_site(site)
            for name, value in self.values(model, spec, "da").items():
                setattr(setting, name, value)
            setting.save()

    def index(self) -> None:
        """What the paused index updates would have done, once: references and search entries in bulk."""
        by_model = defaultdict(list)
        for obj in self.made:
            by_model[type(obj)].append(obj.pk)
        for model, pks in by_model.items():
            # Fresh from the database, with what the search fields need fetched in the same query.
            instances = (
                list(model.get_indexed_objects().filter(pk__in=pks))
                if hasattr(model, "get_indexed_objects")
                else []
            )
            if ReferenceIndex.is_indexed(model):
                for instance in instances or model.objects.filter(pk__in=pks):
                    ReferenceIndex.create_or_update_for_object(instance)
            if instances:
                for backend in get_search_backends(with_auto_update=True):
                    backend.add_bulk(model, instances)

    # ---- Values ---------------------------------------------------------------------------------

    @staticmethod
    def field(model, name: str):
        return model._meta.get_field(name)

    def points_at_pages(self, model, name: str, value) -> bool:
        field = self.field(model, name)
        return (field.is_relation and issubclass(field.related_model, Page)) or _mentions_a_page(value)

    def values(self, model, spec: dict, language: str) -> dict:
        return {
            name: self.value(model, name, value, language, spec)
            for name, value in spec.items()
            if name not in NOT_FIELDS
        }

    def english_text(self, model, spec: dict) -> dict:
        """The English values of the fields that hold text; relations are wagtail-localize's to carry."""
        return {
            name: self.value(model, name, value, "en", spec)
            for name, value in spec.items()
            if name not in NOT_FIELDS and not self.field(model, name).is_relation
        }

    def value(self, model, name: str, value, language: str, owner: dict):
        """A field's value for the model, in one language, with keys turned into objects."""
        field = self.field(model, name)
        if field.one_to_many:  # child rows, such as a resource's files
            child_model = field.related_model
            return [
                child_model(**{key: self.value(child_model, key, item[key], language, owner) for key in item})
                for item in value
            ]
        if field.is_relation:
            if field.many_to_many:
                return [self.related(field.related_model, key) for key in value]
            if isinstance(value, dict):
                return self.document(value, language, owner)
            return self.related(field.related_model, value) if value else None
        value = in_language(value, language)
        if isinstance(field, StreamField):
            blocks = [
                {"type": block_type, "value": content}
                for block in value
                for block_type, content in block.items()
            ]
            return full_stream(field.stream_block, self.object_ids(blocks))
        return value

    def related(self, model, key: str):
        if issubclass(model, Page):
            return self.pages[key]
        return self.objects[model._meta.label][key]

    def object_ids(self, value):
        """Block data with each `!page` and `!image` key turned into the id it stands for."""
        if isinstance(value, PageKey):
            return self.pages[value].pk
        if isinstance(value, ImageKey):
            return self.objects[get_image_model()._meta.label][value].pk
        if isinstance(value, dict):
            return {name: self.object_ids(item) for name, item in value.items()}
        if isinstance(value, list):
            return [self.object_ids(item) for item in value]
        return value

    @staticmethod
    def child_rows(rows, keys: list[str]) -> list[tuple]:
        """The values the data sets on each child row, to compare two lists of rows."""
        return [tuple(getattr(row, row._meta.get_field(key).attname) for key in keys) for row in rows]

    # ---- Files and pictures ---------------------------------------------------------------------

    def add_image(self, spec: dict) -> None:
        image_model = get_image_model()
        file = ImageFile(BytesIO(pictures.note_wall(spec["seed"])), name=f"{spec['key']}.png")
        image = image_model.objects.create(title=spec["title"], description=spec["description"], file=file)
        self.objects[image_model._meta.label][spec["key"]] = image
        self.made.append(image)

    def document(self, spec: dict, language: str, owner: dict):
        """The document a file description makes in a language; one made in a single language
        serves both, and a method card is printed from its resource in each language."""
        bilingual = spec["kind"] == "method-card" or in_language(spec, "da") != in_language(spec, "en")
        language = language if bilingual else spec.get("language", "da")
        cache_key = (id(spec), language)
        if cache_key not in self.documents:
            words = in_language(self.site_data["documents"], language)
            title, file_name, content = documents.for_resource(
                in_language(spec, language), in_language(owner, language), words, language
            )
            document = get_document_model()(title=title, collection=self.collection)
            document.file.save(file_name, ContentFile(content), save=False)
            # What an upload through the admin records, so the file's size shows next to the download.
            document.file_size = len(content)
            document.file_hash = hashlib.sha1(content).hexdigest()  # noqa: S324 (Wagtail's duplicate check)
            document.save()
            self.documents[cache_key] = document
            self.made.append(document)
        return self.documents[cache_key]


@transaction.atomic
def load_demo() -> bool:
    """Build the demo site unless the tree has content already. Returns whether anything was made."""
    if has_content():
        return False
    site = DemoSite()
    with indexing_deferred():
        site.load()
    site.index()
    return True
