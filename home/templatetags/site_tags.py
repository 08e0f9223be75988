"""Template tags for the site frame: navigation, breadcrumbs, language switcher and hreflang links."""

from django import template
from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Locale, Page, Site

register = template.Library()


def _request_cache(request, key, compute):
    """Compute a value once per request: the header, footer and <head> all ask for the same things."""
    cache = request.__dict__.setdefault("_site_tags_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _live_by_language(pages) -> dict[str, Page]:
    return {page.locale.language_code: page for page in pages.live().select_related("locale")}


def home_pages_by_language(request) -> dict[str, Page]:
    """The live home page of each language, keyed by language code."""

    def compute():
        site = Site.find_for_request(request)
        if site is None:
            return {}
        return _live_by_language(site.root_page.get_translations(inclusive=True))

    return _request_cache(request, "homes", compute)


def current_home(request) -> Page | None:
    homes = home_pages_by_language(request)
    return homes.get(translation.get_language()) or homes.get(settings.LANGUAGE_CODE)


def page_translations(request, page: Page) -> dict[str, Page]:
    return _request_cache(
        request, ("translations", page.pk), lambda: _live_by_language(page.get_translations(inclusive=True))
    )


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the translation of this page, else that language's home page.

    Each item says whether it is the current language and whether it is a true translation
    (only those are announced as hreflang alternates). A routable page's sub-page (a directory
    entry) sets `subpage_suffix`, the part of its address after the page's own, which is the same
    in every language.
    """
    request = context["request"]
    page = context.get("page")
    suffix = context.get("subpage_suffix", "")
    current = translation.get_language()
    translations = page_translations(request, page) if isinstance(page, Page) else {}
    homes = home_pages_by_language(request)
    links = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        if target is not None:
            url = target.get_url(request) + suffix
        elif isinstance(page, Page) and code in homes:
            url = homes[code].get_url(request)
        else:
            url = translate_url(request.path, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "full_url": target.get_full_url(request) + suffix if target is not None else "",
                "is_current": code == current,
                "is_translation": target is not None,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The pages under the visitor's home page that editors marked "show in menus"."""
    request = context["request"]

    def compute():
        home = current_home(request)
        if home is None:
            return []
        return list(home.get_children().live().public().in_menu().specific(defer=True))

    return _request_cache(request, "navigation", compute)


@register.simple_tag(takes_context=True)
def nav_home(context):
    return current_home(context["request"])


@register.filter
def is_ancestor_of(nav_page, page) -> bool:
    return isinstance(page, Page) and page.depth > nav_page.depth and page.path.startswith(nav_page.path)


@register.simple_tag
def breadcrumbs(page):
    """The page's ancestors from its home page down, without the tree root."""
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return list(page.get_ancestors().filter(depth__gte=2).specific(defer=True))


def active_locale(request) -> Locale:
    return _request_cache(request, ("locale", translation.get_language()), Locale.get_active)


def localized(request, page: Page) -> Page:
    """The live translation of a page in the visitor's language, or the page itself."""

    def compute():
        locale = active_locale(request)
        if page.locale_id == locale.pk:
            return page
        translated = page.get_translation_or_none(locale)
        return translated if translated is not None and translated.live else page

    return _request_cache(request, ("localized", page.pk), compute)


@register.simple_tag(takes_context=True)
def footer_pages(context, identity):
    """The contact, privacy and accessibility pages chosen in settings, in the visitor's language.

    One query for all three, whichever language the visitor reads.
    """
    request = context["request"]
    chosen = {
        "contact": identity.contact_page_id,
        "privacy": identity.privacy_page_id,
        "accessibility": identity.accessibility_page_id,
    }
    chosen_ids = [pk for pk in chosen.values() if pk]
    if not chosen_ids:
        return {}
    locale = active_locale(request)
    candidates = Page.objects.live().filter(
        Q(pk__in=chosen_ids)
        | Q(
            locale=locale,
            translation_key__in=Page.objects.filter(pk__in=chosen_ids).values("translation_key"),
        )
    )
    by_pk = {page.pk: page for page in candidates}
    in_language = {page.translation_key: page for page in by_pk.values() if page.locale_id == locale.pk}
    result = {}
    for role, pk in chosen.items():
        if pk in by_pk:
            result[role] = in_language.get(by_pk[pk].translation_key, by_pk[pk])
    return result


@register.simple_tag(takes_context=True)
def link_url(context, link) -> str:
    """The address of a LinkBlock value, in the visitor's language when it is a page."""
    page = link.get("page")
    if page:
        return localized(context["request"], page).get_url(context["request"])
    return link.get("url") or ""
