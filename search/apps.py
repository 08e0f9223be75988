"""Search app: the bilingual site search (issue 5)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"
    verbose_name = _("Search")

    def ready(self):
        from search import indexing

        indexing.connect()
