"""Home app hooks: standard pages in the site search."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from core.search_types import HOOK as SEARCH_RESULT_TYPE_HOOK
from core.search_types import SearchResultType


@hooks.register(SEARCH_RESULT_TYPE_HOOK, order=10)
def standard_pages_in_search():
    return [SearchResultType("page", "home.StandardPage", _("Page"), _("Pages"))]
