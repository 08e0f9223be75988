"""sitemap.xml with every live page in both languages, each listing its translations as alternates."""

from collections import defaultdict

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap


class BilingualSitemap(Sitemap):
    """Wagtail's sitemap walks only the default site root; this one walks its translations too."""

    def items(self):
        from wagtail.models import Page

        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_any_tree = Q()
        for root in roots:
            in_any_tree |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(in_any_tree).live().public().order_by("path").defer_streamfields().specific()
        )

    def _urls(self, page, protocol, domain):
        from wagtail.models import Locale

        language_of = dict(Locale.objects.values_list("pk", "language_code"))
        pages = list(self.paginator.page(page).object_list)
        translations = defaultdict(list)
        for item in pages:
            translations[item.translation_key].append(item)

        urls, last_mods = [], set()
        for item in pages:
            alternates = [
                {"lang_code": language_of[other.locale_id], "location": other.get_full_url(self.request)}
                for other in translations[item.translation_key]
            ]
            for url_info in item.get_sitemap_urls(self.request):
                if len(alternates) > 1 and "alternates" not in url_info:  # a sub-page brings its own
                    url_info["alternates"] = alternates
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": BilingualSitemap})
