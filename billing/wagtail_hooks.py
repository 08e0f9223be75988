"""The billing app in the Wagtail admin and in the site's registries."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from billing.personal_data import erase_orders, export_orders
from billing.services.reminders import send_payment_reminders
from billing.staff import BillingMenu
from billing.views import event_registration
from core.personal_data import HOOK as PERSONAL_DATA_HOOK
from core.personal_data import PersonalData
from events.extensions import EVENT_REGISTRATION_HOOK, SCHEDULED_JOB_HOOK


@hooks.register(PERSONAL_DATA_HOOK, order=15)
def orders_personal_data():
    return [
        PersonalData(
            "orders",
            export_orders,
            erase_orders,
            _("Orders anonymised (issued invoices are kept five years): %(count)s"),
            permission="billing.delete_order",
            models=("billing.Order", "billing.OrderParticipant"),
        )
    ]


@hooks.register("register_admin_viewset")
def register_billing_menu():
    """Orders and invoices in one "Billing" menu: read-only lists with filters, each invoice's PDF."""
    return BillingMenu()


@hooks.register(EVENT_REGISTRATION_HOOK)
def order_form_on_the_event_page(request, event):
    """The event page's form places an order: one or more colleagues, the booker and the payer."""
    return event_registration(request, event)


@hooks.register(SCHEDULED_JOB_HOOK)
def remind_overdue_invoices() -> str:
    """Part of `manage.py run_event_jobs`: reminders for overdue invoices (billing/services/reminders.py)."""
    return f"Payment reminders sent: {send_payment_reminders()}."
