"""What the invoices say about payment, kept by staff in the admin (Settings → Invoicing). The
seller's name, address and CVR number come from Settings → Organisation (home's SiteIdentity)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="doc-full")
class BillingSettings(BaseSiteSetting):
    payment_terms_days = models.PositiveSmallIntegerField(
        _("days to pay"), default=30, help_text=_("The due date is this many days after the invoice date.")
    )
    bank_name = models.CharField(_("bank"), max_length=80, blank=True)
    bank_registration_number = models.CharField(_("registration number"), max_length=4, blank=True)
    bank_account_number = models.CharField(_("account number"), max_length=10, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC/SWIFT"), max_length=11, blank=True)

    panels = [
        FieldPanel("payment_terms_days"),
        MultiFieldPanel(
            [
                FieldPanel("bank_name"),
                FieldPanel("bank_registration_number"),
                FieldPanel("bank_account_number"),
                FieldPanel("iban"),
                FieldPanel("bic"),
            ],
            heading=_("Bank account for payments"),
        ),
    ]

    class Meta:
        verbose_name = _("invoicing")
