"""People and organisations in the Wagtail admin, in one menu."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_display import LazyHomeBreadcrumb, YesNoColumn
from people.forms import OrganisationAdminForm
from people.models import Organisation, Person


class PersonViewSet(LazyHomeBreadcrumb, SnippetViewSet):
    model = Person
    icon = "user"
    list_display = [
        "name",
        "role",
        YesNoColumn("show_in_directory", label=_("In the directory")),
        LocaleColumn(),
    ]
    list_filter = ["show_in_directory"]
    search_fields = ["name", "role"]
    search_backend_name = None  # the database's "contains": finds part of a word too
    ordering = "name"


class OrganisationViewSet(LazyHomeBreadcrumb, SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = [
        "name",
        "kind",
        "website",
        YesNoColumn("show_in_directory", label=_("In the directory")),
        LocaleColumn(),
    ]
    list_filter = ["kind", "show_in_directory"]
    edit_handler = ObjectList(Organisation.panels, base_form_class=OrganisationAdminForm)
    search_fields = ["name", "slug", "description"]
    search_backend_name = None
    ordering = "name"


class PeopleMenu(SnippetViewSetGroup):
    menu_label = _("People and organisations")
    menu_icon = "group"
    menu_order = 165
    items = (PersonViewSet, OrganisationViewSet)


register_snippet(PeopleMenu)
