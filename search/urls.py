"""Search addresses, translated: /søg/ in Danish, /en/search/ in English."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from search.views import search_page, search_suggestions

urlpatterns = [
    path(_("search/"), search_page, name="search"),
    path(_("search/suggestions/"), search_suggestions, name="search_suggestions"),
]
