"""Which language a search speaks: the locale a queryset is limited to, else the active language."""

from django.conf import settings
from django.db.models import Model
from django.db.models.lookups import Exact
from django.utils import translation

from wagtail.models import Locale


def is_translatable(model: type[Model]) -> bool:
    return any(field.name == "locale" for field in model._meta.concrete_fields)


def object_language(obj: Model, languages_by_locale_id: dict[int, str]) -> str:
    """The language an object is written in: its locale's, or the site's default for objects
    without one (images, documents, untranslated snippets)."""
    locale_id = getattr(obj, "locale_id", None)
    return languages_by_locale_id.get(locale_id, settings.LANGUAGE_CODE)


def languages_by_locale_id() -> dict[int, str]:
    return dict(Locale.objects.values_list("pk", "language_code"))


def query_language(queryset) -> str:
    """The language to parse a query in.

    A queryset limited to one locale (the site search, the API with ?locale=) is searched in that
    locale's language, whatever the interface language is; otherwise (the admin searching every
    tree) the active language decides. Objects without a locale were indexed in the default
    language, so they are searched in it too.
    """
    if not is_translatable(queryset.model):
        return settings.LANGUAGE_CODE
    locale_id = _single_locale_filter(queryset.query.where)
    if locale_id is not None:
        code = Locale.objects.filter(pk=locale_id).values_list("language_code", flat=True).first()
        if code:
            return code
    return translation.get_language() or settings.LANGUAGE_CODE


def _single_locale_filter(where):
    """The locale id of a top-level `locale=…` condition in a WHERE tree joined by AND, or None."""
    if where.connector != "AND" or where.negated:
        return None
    for child in where.children:
        if isinstance(child, Exact) and getattr(child.lhs, "target", None) is not None:
            if child.lhs.target.name == "locale" and isinstance(child.rhs, int):
                return child.rhs
        elif hasattr(child, "children"):
            found = _single_locale_filter(child)
            if found is not None:
                return found
    return None
