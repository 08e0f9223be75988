"""Billing: orders, invoices and credit notes, on top of the events app's registrations (issue 14)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Billing")

    def ready(self):
        # Connects billing to the events app's signals (events never imports billing).
        from billing import signals  # noqa: F401
