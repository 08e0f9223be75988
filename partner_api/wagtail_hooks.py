"""Partner API keys in the Wagtail admin (Settings → API keys): create, revoke, see usage."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views.generic.models import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin_display import YesNoColumn
from partner_api.models import ApiKey


class ApiKeyCreateView(CreateView):
    def save_instance(self):
        self.secret = self.form.instance.issue()
        return super().save_instance()

    def get_success_message(self, instance):
        # The only moment the key exists in clear text: it is stored hashed.
        return _(
            "API key for %(partner)s created: %(key)s. Copy it now and give it to the partner in a safe "
            "way; it cannot be shown again."
        ) % {"partner": instance.partner_name, "key": self.secret}


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
        "is_active",
        "created_at",
        "revoked_at",
        "last_used_at",
        "requests_in_last_30_days",
    ]
    panels = [FieldPanel("partner_name"), FieldPanel("notes"), FieldPanel("is_active")]


@hooks.register("register_admin_viewset")
def register_api_key_viewset():
    return ApiKeyViewSet("api_keys")
