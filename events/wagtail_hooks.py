"""The events app in the Wagtail admin: registrations, shared snippets, participants and the dashboard."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import DateColumn, LocaleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.images import get_image_model_string
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_display import LazyHomeBreadcrumb, YesNoColumn
from core.listed_pages import HOOK as LISTED_PAGES_HOOK
from core.listed_pages import ListedPages
from core.personal_data import HOOK as PERSONAL_DATA_HOOK
from core.personal_data import PersonalData
from core.search_types import HOOK as SEARCH_RESULT_TYPE_HOOK
from core.search_types import Facet, SearchResultType
from events.admin import urls as admin_urls
from events.admin.dashboard import UpcomingEventsPanel
from events.admin.permissions import (
    can_see_registrations,
    registration_permission_codenames_to_register,
    registration_permissions,
)
from events.admin.registrations import (
    RegistrationDeleteView,
    RegistrationEditView,
    RegistrationIndexView,
    staff_edit_panels,
    staff_export_columns,
)
from events.filters import RegistrationFilterSet
from events.models import EventPage, Registration, Venue
from events.retention import erase_registrations, export_registrations
from events.services.audit import LOG_ACTIONS
from events.vocabulary import EventFormat


class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = "registrations"
    icon = "clipboard-list"
    menu_label = _("Registrations")
    index_view_class = RegistrationIndexView
    edit_view_class = RegistrationEditView
    delete_view_class = RegistrationDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    # Bookings are the busy path; they need not update the reference index of the event pages.
    add_to_reference_index = False

    list_display = [
        "name",
        "email",
        "event",
        "status",
        "price_label",
        "payer_type",
        DateColumn("created_at", label=_("Registered"), sort_key="created_at"),
        DateColumn("checked_in_at", label=_("Checked in"), sort_key="checked_in_at"),
    ]
    filterset_class = RegistrationFilterSet
    search_fields = ["name", "email", "workplace", "organisation_name"]
    ordering = "-created_at"
    list_per_page = 50

    # The bookkeeper's columns and the edit form come from the registration's field groups.
    list_export = staff_export_columns()
    export_headings = {
        "id": _("Registration no."),
        "event": _("Event"),
        "event_start": _("Event starts"),
        "status": _("Status"),
        "language": _("Language"),
        "vat_rate": _("VAT"),
        "accommodation_nights": _("Accommodation nights"),
        "nights": _("Nights"),
        "accommodation_price": _("Accommodation (DKK)"),
        "total": _("Total (DKK)"),
        "payer_type": _("Payer"),
    }
    export_filename = "registrations"

    edit_handler = staff_edit_panels()

    @property
    def permission_policy(self):
        return registration_permissions

    def get_permissions_to_register(self):
        content_type = ContentType.objects.get_for_model(Registration)
        return Permission.objects.filter(
            content_type=content_type, codename__in=registration_permission_codenames_to_register()
        )


class VenueViewSet(LazyHomeBreadcrumb, SnippetViewSet):
    model = Venue
    icon = "site"
    list_display = [
        "name",
        "city",
        "postal_code",
        YesNoColumn("has_overnight_rooms", label=_("Overnight rooms")),
        LocaleColumn(),
    ]
    list_filter = ["has_overnight_rooms"]
    search_fields = ["name", "street_address", "city"]
    search_backend_name = None  # the database's "contains": finds part of a word too
    ordering = "name"


class EventsMenu(SnippetViewSetGroup):
    """One "Events" menu: registrations first, then the venues. Every list of translatable snippets
    has a language filter (the locale filter Wagtail adds to them)."""

    menu_label = _("Events")
    menu_icon = "calendar-alt"
    menu_order = 150  # right after Pages
    items = (
        RegistrationViewSet,
        VenueViewSet,
    )


register_snippet(EventsMenu)


@hooks.register("register_admin_urls")
def register_event_staff_urls():
    return [path("events/", include((admin_urls.urlpatterns, "events_admin"), namespace="events_admin"))]


def _is_event(page) -> bool:
    page_class = getattr(page, "specific_class", None)
    return page_class is not None and issubclass(page_class, EventPage)


def _participants_button(page, priority):
    return Button(
        _("Participants"),
        url=reverse("events_admin:participants", args=[page.pk]),
        icon_name="group",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def event_participants_header_button(page, user, view_name=None, next_url=None):
    if _is_event(page) and can_see_registrations(user):
        yield _participants_button(page, priority=40)


@hooks.register("register_page_listing_more_buttons")
def event_participants_listing_button(page, user, next_url=None):
    if _is_event(page) and can_see_registrations(user):
        yield _participants_button(page, priority=15)


@hooks.register("construct_homepage_panels")
def add_upcoming_events_panel(request, panels):
    if can_see_registrations(request.user):
        panels.append(UpcomingEventsPanel())


@hooks.register("register_log_actions")
def register_registration_log_actions(actions):
    for action, formatter in LOG_ACTIONS.items():
        actions.register_action(action)(formatter)


@hooks.register(PERSONAL_DATA_HOOK, order=10)
def registrations_personal_data():
    return [
        PersonalData(
            "registrations",
            export_registrations,
            erase_registrations,
            _("Registrations anonymised: %(count)s"),
            permission="events.delete_registration",
            models=("events.Registration", "events.RegistrationNight"),
        )
    ]


@hooks.register(SEARCH_RESULT_TYPE_HOOK, order=20)
def events_in_search():
    return [
        SearchResultType(
            "event",
            "events.EventPage",
            _("Event"),
            _("Events"),
            facet=Facet("format", _("Format"), EventFormat.choices),
            date_field="start",
        )
    ]


@hooks.register(LISTED_PAGES_HOOK)
def events_are_listed():
    return [
        ListedPages(
            "event",
            "events.EventPage",
            shows={
                "events.Venue": ("venue",),
                "taxonomy.Theme": ("themes",),
                "taxonomy.Profession": ("professions",),
                "people.Organisation": ("partners",),
                get_image_model_string(): ("image",),
            },
            changes_with={"events.Registration": "event"},
        )
    ]
