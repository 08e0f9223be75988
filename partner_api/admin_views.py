"""Partners' webhooks in the Wagtail admin: the secret shown once, the delivery log, "send again" and
"send test event" (the viewset is in wagtail_hooks.py)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import CreateView, IndexView
from wagtail.permission_policies import ModelPermissionPolicy

from partner_api.models import WebhookDelivery, WebhookEndpoint
from partner_api.webhooks import send_again, send_test_message

webhook_permissions = ModelPermissionPolicy(WebhookEndpoint)
LOG_LENGTH = 100


def may_manage_webhooks(user) -> bool:
    return webhook_permissions.user_has_permission(user, "change")


class WebhookIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(
                gettext_lazy("Delivery log"),
                url=reverse("webhooks:deliveries", args=[instance.pk]),
                icon_name="list-ul",
                priority=15,
            ),
        ]


class ShownOnceCreateView(CreateView):
    """A create view whose answer to the POST is the page that shows the new object's secret.

    It is the only moment the secret is shown: not in a message after a redirect, which would carry
    it in the messages cookie, and not from any cache (the page is never cached)."""

    shown_once_template_name = ""

    def shown_once_context(self) -> dict:
        return {}

    def save_action(self):
        context = {**self.get_context_data(), **self.shown_once_context()}
        response = TemplateResponse(self.request, self.shown_once_template_name, context)
        add_never_cache_headers(response)
        return response


class WebhookCreateView(ShownOnceCreateView):
    """Shows the new webhook's signing secret once."""

    shown_once_template_name = "partner_api/admin/webhook_secret.html"

    def shown_once_context(self) -> dict:
        return {
            "webhook": self.object,
            "log_url": reverse("webhooks:deliveries", args=[self.object.pk]),
            "index_url": reverse("webhooks:index"),
        }


class WebhookPage(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "link"

    def dispatch(self, request, *args, **kwargs):
        if not may_manage_webhooks(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DeliveryLogView(WebhookPage):
    """The latest deliveries of one webhook: status, attempts, last response, next attempt, with
    "send again" on each and "send test event" for the webhook."""

    model = WebhookEndpoint
    template_name = "partner_api/admin/delivery_log.html"
    page_title = gettext_lazy("Delivery log")

    @cached_property
    def webhook(self) -> WebhookEndpoint:
        return get_object_or_404(WebhookEndpoint.objects.select_related("api_key"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.webhook)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("webhooks:index"), "label": gettext_lazy("Webhooks")},
            {"url": reverse("webhooks:edit", args=[self.webhook.pk]), "label": self.webhook.url},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            webhook=self.webhook,
            deliveries=self.webhook.deliveries.all()[:LOG_LENGTH],
            log_length=LOG_LENGTH,
            **kwargs,
        )


class DeliveryActionView(View):
    """A POST from the delivery log (with the CSRF token); answers with the log again."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not may_manage_webhooks(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SendAgainView(DeliveryActionView):
    model = WebhookDelivery

    def post(self, request, pk):
        delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=pk)
        with transaction.atomic():
            send_again(delivery)
        messages.success(request, _("The message is queued again and is sent within a minute."))
        return redirect("webhooks:deliveries", delivery.endpoint_id)


class SendTestView(DeliveryActionView):
    model = WebhookEndpoint

    def post(self, request, pk):
        webhook = get_object_or_404(WebhookEndpoint, pk=pk)
        with transaction.atomic():
            send_test_message(webhook)
        messages.success(request, _("A test message is queued and is sent within a minute."))
        return redirect("webhooks:deliveries", webhook.pk)
