"""The vocabularies in the Wagtail admin: one menu with themes, professions and target groups."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import LocaleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_display import LazyHomeBreadcrumb
from taxonomy.models import Profession, TargetGroup, Theme


class VocabularyViewSet(LazyHomeBreadcrumb, SnippetViewSet):
    """A name per language and a slug shared by both; every list has Wagtail's language filter."""

    list_display = ["name", "slug", LocaleColumn()]
    search_fields = ["name", "slug"]
    search_backend_name = None  # the database's "contains": finds part of a word too
    ordering = "name"


class ThemeViewSet(VocabularyViewSet):
    model = Theme
    icon = "tag"


class ProfessionViewSet(VocabularyViewSet):
    model = Profession
    icon = "tasks"


class TargetGroupViewSet(VocabularyViewSet):
    model = TargetGroup
    icon = "group"


class VocabulariesMenu(SnippetViewSetGroup):
    menu_label = _("Vocabularies")
    menu_icon = "tag"
    menu_order = 170
    items = (ThemeViewSet, ProfessionViewSet, TargetGroupViewSet)


register_snippet(VocabulariesMenu)
