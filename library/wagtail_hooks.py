"""The library in the Wagtail admin: the contributions practitioners send in."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string

from core.listed_pages import HOOK as LISTED_PAGES_HOOK
from core.listed_pages import ListedPages
from core.personal_data import HOOK as PERSONAL_DATA_HOOK
from core.personal_data import PersonalData
from core.search_types import HOOK as SEARCH_RESULT_TYPE_HOOK
from core.search_types import Facet, SearchResultType
from events.extensions import EVENT_PAGE_SECTION_HOOK
from home.templatetags.site_tags import active_locale
from library.models import Contribution
from library.privacy import erase_contributions, export_contributions
from library.relations import resources_for_event
from library.vocabulary import Phase


def resource_edit_url(contribution: Contribution) -> str:
    """Where the draft resource a contribution became is reviewed and edited."""
    return reverse("wagtailadmin_pages:edit", args=[contribution.page_id])


class ContributionIndexView(IndexView):
    def get_base_queryset(self):
        # Each row names its resource: one join instead of a query per row.
        return super().get_base_queryset().select_related("page")

    def get_list_more_buttons(self, instance):
        resource = Button(_("Open the resource"), url=resource_edit_url(instance), icon_name="doc-full")
        return [*super().get_list_more_buttons(instance), resource]


class ContributionInspectView(InspectView):
    """The sender's side of a contribution, with the way to the draft resource it became."""

    @cached_property
    def header_buttons(self):
        url = resource_edit_url(self.object)
        return [HeaderButton(_("Open the resource"), url=url, icon_name="doc-full")]

    def get_page_display_value(self):
        return format_html('<a href="{}">{}</a>', resource_edit_url(self.object), self.object.page.title)


class ContributionViewSet(ModelViewSet):
    """Who sent what: the page itself is reviewed in the workflow; this is the sender's side."""

    model = Contribution
    index_view_class = ContributionIndexView
    inspect_view_class = ContributionInspectView
    icon = "mail"
    menu_label = _("Contributions")
    menu_order = 160
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["page", "kind", "name", "language", "decision", DateColumn("created_at", label=_("Sent"))]
    list_filter = ["kind", "decision"]
    search_fields = ["name", "email", "page__title"]
    ordering = "-created_at"
    form_fields = ["name", "email"]


@hooks.register("register_admin_viewset")
def register_contributions():
    return ContributionViewSet("contributions")


@hooks.register(PERSONAL_DATA_HOOK, order=20)
def contributions_personal_data():
    return [
        PersonalData(
            "contributions",
            export_contributions,
            erase_contributions,
            _("Contributions anonymised: %(count)s"),
            permission="library.delete_contribution",
            models=("library.Contribution",),
        )
    ]


@hooks.register(SEARCH_RESULT_TYPE_HOOK, order=30)
def resources_in_search():
    return [
        SearchResultType(
            "resource",
            "library.ResourcePage",
            _("Resource"),
            _("Resources"),
            facet=Facet("phase", _("Phase"), Phase.choices),
        )
    ]


@hooks.register(LISTED_PAGES_HOOK)
def resources_are_listed():
    return [
        ListedPages(
            "resource",
            "library.ResourcePage",
            shows={
                "taxonomy.Theme": ("themes",),
                "taxonomy.Profession": ("professions",),
                "taxonomy.TargetGroup": ("target_groups",),
                "people.Organisation": ("contributor_organisations",),
                "people.Person": ("contributor_people",),
                get_image_model_string(): ("social_image",),
                get_document_model_string(): ("files__document",),
            },
            names={"event": ("related_events",), "resource": ("related_resources",)},
        )
    ]


@hooks.register(EVENT_PAGE_SECTION_HOOK)
def material_from_the_library(request, event):
    """The material made at or used in an event, in the visitor's language."""
    resources = list(resources_for_event(event, active_locale(request)))
    return render_to_string(
        "library/components/event_resources.html", {"resources": resources}, request=request
    )
