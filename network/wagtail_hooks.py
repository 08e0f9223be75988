"""The network app in the Wagtail admin: newsletter subscribers with their consent, and the export."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin_display import YesNoColumn
from core.exports import SpreadsheetExportMixin
from core.personal_data import HOOK as PERSONAL_DATA_HOOK
from core.personal_data import PersonalData
from events.extensions import REGISTRATION_PAGE_PANEL_HOOK
from network.directory import links_to_directory
from network.models import ContactAddress, Subscriber
from network.participants import WhoIsComingPanel
from network.privacy import (
    erase_contact_addresses,
    erase_contact_messages,
    erase_newsletter,
    export_contact_addresses,
    export_contact_messages,
    export_newsletter,
)
from people.links import HOOK as PEOPLE_LINKS_HOOK


class SubscriberPermissionPolicy(ModelPermissionPolicy):
    """A subscriber exists only because its owner confirmed: staff may look, export and delete (a
    data request), but never add an address or change the consent it gave."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in ("add", "change")])


def subscriber_yes_no(field_name: str) -> YesNoColumn:
    """A tick or a cross under the field's own name, as a plain field column would have."""
    return YesNoColumn(field_name, label=capfirst(Subscriber._meta.get_field(field_name).verbose_name))


class SubscriberIndexView(SpreadsheetExportMixin, IndexView):
    """The subscriber list, with an export that Excel opens correctly in Denmark."""


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = _("Newsletter")
    menu_order = 160
    add_to_admin_menu = True
    index_view_class = SubscriberIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    permission_policy = SubscriberPermissionPolicy(Subscriber)

    list_display = [
        "email",
        "status",
        "language",
        subscriber_yes_no("wants_events"),
        subscriber_yes_no("wants_resources"),
        Column("themes_text", label=_("Themes")),
        DateColumn("consent_at", label=_("Consent given"), sort_key="consent_at"),
    ]
    list_filter = ["status", "language", "wants_events", "wants_resources"]
    search_fields = ["email"]
    ordering = "-consent_at"
    list_per_page = 50
    list_export = [
        "email",
        "status",
        "language",
        "wants_events",
        "wants_resources",
        "themes_text",
        "consent_at",
        "consent_source",
        "consent_language",
        "unsubscribed_at",
    ]
    export_headings = {"themes_text": _("Themes"), "status": _("Status")}
    export_filename = "newsletter-subscribers"
    form_fields = ["email"]


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet("newsletter_subscribers")


class ContactAddressViewSet(ModelViewSet):
    """Private addresses for the contact relay; never shown on the site."""

    model = ContactAddress
    icon = "mail"
    menu_label = _("Contact addresses")
    menu_order = 161
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["__str__", "email", "language"]
    search_fields = ["email"]
    form_fields = ["person", "organisation", "email", "language"]


@hooks.register("register_admin_viewset")
def register_contact_address_viewset():
    return ContactAddressViewSet("contact_addresses")


@hooks.register(REGISTRATION_PAGE_PANEL_HOOK)
def who_is_coming_panel():
    return WhoIsComingPanel()


@hooks.register(PERSONAL_DATA_HOOK, order=30)
def network_personal_data():
    return [
        PersonalData(
            "newsletter",
            export_newsletter,
            erase_newsletter,
            _("Newsletter subscriptions deleted: %(count)s"),
            permission="network.delete_subscriber",
            models=("network.Subscriber", "network.PendingSubscription", "network.DigestDelivery"),
        ),
        PersonalData(
            "contact_addresses",
            export_contact_addresses,
            erase_contact_addresses,
            _("Contact addresses deleted: %(count)s"),
            permission="network.delete_contactaddress",
            models=("network.ContactAddress",),
        ),
        PersonalData(
            "contact_messages",
            export_contact_messages,
            erase_contact_messages,
            _("Queued contact messages deleted: %(count)s"),
            # Queued messages are tasks, which no admin permission covers; answering requests about
            # newsletters and contact addresses is the same job.
            permission="network.delete_pendingsubscription",
            models=("django_tasks_database.DBTaskResult",),
        ),
    ]


hooks.register(PEOPLE_LINKS_HOOK, links_to_directory)
