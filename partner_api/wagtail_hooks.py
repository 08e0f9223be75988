"""Partner API keys and their webhooks in the Wagtail admin (Settings → API keys, Settings → Webhooks):
create, revoke, see usage and deliveries; the webhooks' part of the scheduled job."""

from django.urls import path
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin_display import YesNoColumn
from partner_api.admin_views import (
    DeliveryLogView,
    SendAgainView,
    SendTestView,
    ShownOnceCreateView,
    WebhookCreateView,
    WebhookIndexView,
)
from partner_api.changes import forget_old_changes
from partner_api.models import ApiKey, WebhookEndpoint
from partner_api.webhooks import run_scheduled_job


class ApiKeyCreateView(ShownOnceCreateView):
    """Shows the new key once: it exists in clear text only now (it is stored hashed)."""

    shown_once_template_name = "partner_api/api_key_created.html"

    def save_instance(self):
        self.secret = self.form.instance.issue()
        return super().save_instance()

    def shown_once_context(self) -> dict:
        return {"api_key": self.object, "secret": self.secret, "index_url": self.get_success_url()}


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    icon = "key"
    menu_label = gettext_lazy("API keys")
    add_to_settings_menu = True
    add_view_class = ApiKeyCreateView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "partner_name",
        "prefix",
        YesNoColumn("is_active", label=gettext_lazy("Active")),
        DateColumn("last_used_at", label=gettext_lazy("Last used")),
        "requests_in_last_30_days",
        DateColumn("created_at", label=gettext_lazy("Created")),
    ]
    list_filter = ["is_active"]
    search_fields = ["partner_name", "prefix"]
    inspect_view_fields = [
        "partner_name",
        "notes",
        "prefix",
        "rate_limit",
        "is_active",
        "created_at",
        "revoked_at",
        "last_used_at",
        "requests_in_last_30_days",
    ]
    panels = [
        FieldPanel("partner_name"),
        FieldPanel("notes"),
        FieldPanel("rate_limit"),
        FieldPanel("is_active"),
    ]


@hooks.register("register_admin_viewset")
def register_api_key_viewset():
    return ApiKeyViewSet("api_keys")


class WebhookViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link"
    menu_label = gettext_lazy("Webhooks")
    add_to_settings_menu = True
    index_view_class = WebhookIndexView
    add_view_class = WebhookCreateView
    copy_view_enabled = False
    list_display = [
        "url",
        "api_key",
        YesNoColumn("sends_events", label=gettext_lazy("Events")),
        YesNoColumn("sends_resources", label=gettext_lazy("Resources")),
        YesNoColumn("is_active", label=gettext_lazy("Active")),
        DateColumn("created_at", label=gettext_lazy("Created")),
    ]
    list_filter = ["is_active"]
    search_fields = ["url", "api_key__partner_name"]
    panels = [
        FieldPanel("api_key"),
        FieldPanel("url"),
        FieldPanel("sends_events"),
        FieldPanel("sends_resources"),
        FieldPanel("is_active"),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/deliveries/", DeliveryLogView.as_view(), name="deliveries"),
            path("<int:pk>/send-test/", SendTestView.as_view(), name="send_test"),
            path("deliveries/<int:pk>/send-again/", SendAgainView.as_view(), name="send_again"),
        ]


@hooks.register("register_admin_viewset")
def register_webhook_viewset():
    return WebhookViewSet("webhooks")


@hooks.register("register_scheduled_job")
def send_webhooks():
    return run_scheduled_job()


@hooks.register("register_scheduled_job")
def forget_old_listing_changes():
    return f"Listing changes forgotten: {forget_old_changes()}."
