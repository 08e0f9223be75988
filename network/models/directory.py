"""The directory page: partner organisations and the people who agreed to be shown."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Locale, Page

from home.models import BasePage
from people.models import Person


class DirectoryPage(RoutablePageMixin, BasePage):
    """Lists organisations (filtered by kind and theme) and people; each has a page of its own
    at organisation/<slug>/ or person/<slug>/, with their events and material gathered for them."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    api_fields = [*BasePage.api_fields]

    class Meta:
        verbose_name = _("directory")

    def entry_path(self, entry) -> str:
        """The part of an entry's address after this page's own: person/<slug>/ or organisation/<slug>/."""
        route = "person" if isinstance(entry, Person) else "organisation"
        return self.reverse_subpage(route, kwargs={"slug": entry.slug})

    def get_sitemap_urls(self, request=None):
        """The page itself and every entry shown on it, in this page's language."""
        from network.directory import shown_organisations, shown_people

        urls = super().get_sitemap_urls(request)
        # Every entry can be read in each language (missing translations fall back), so each
        # language's directory page gives an alternate address for it.
        bases = {
            page.locale.language_code: page.get_full_url(request)
            for page in self.get_translations(inclusive=True).live().select_related("locale")
        }
        for entries in (shown_organisations(self.locale), shown_people(self.locale)):
            for entry in entries:
                suffix = self.entry_path(entry)
                alternates = [{"lang_code": code, "location": base + suffix} for code, base in bases.items()]
                urls.append(
                    {
                        "location": bases[self.locale.language_code] + suffix,
                        **({"alternates": alternates} if len(alternates) > 1 else {}),
                    }
                )
        return urls

    @path("")
    def index(self, request):
        from network.directory import OrganisationFilter, shown_organisations, shown_people

        locale = Locale.get_active()
        chosen = OrganisationFilter.from_query(request.GET, locale)
        context = self.get_context(request)
        context.update(
            {
                "chosen": chosen,
                "organisations": shown_organisations(locale, chosen),
                "people": shown_people(locale),
            }
        )
        return TemplateResponse(request, "network/directory_page.html", context)

    @path("organisation/<slug:slug>/", name="organisation")
    def organisation(self, request, slug):
        from network.directory import shown_organisation

        return self._entry(request, "organisation", slug, shown_organisation)

    @path("person/<slug:slug>/", name="person")
    def person(self, request, slug):
        from network.directory import shown_person

        return self._entry(request, "person", slug, shown_person)

    def _entry(self, request, kind: str, slug: str, find):
        from network.directory import has_contact, involvement

        locale = Locale.get_active()
        entry = find(slug, locale)
        if entry is None:
            raise Http404
        context = self.get_context(request)
        about = entry.description if kind == "organisation" else (entry.bio or entry.role)
        context.update(
            {
                "entry": entry,
                "kind": kind,
                "involvement": involvement(entry, locale),
                "takes_messages": has_contact(entry),
                "subpage_title": entry.name,
                "subpage_description": about,
                "subpage_suffix": self.entry_path(entry),
            }
        )
        return TemplateResponse(request, f"network/directory_{kind}.html", context)
