"""The second factor in the Wagtail admin: its URLs, the account menu item and the user list button."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets.button import Button

from staff_security import views


@hooks.register("register_admin_urls")
def second_factor_urls():
    return [
        path("second-factor/", views.verify, name="staff_security_verify"),
        path("second-factor/set-up/", views.enrol, name="staff_security_enrol"),
        path("second-factor/account/", views.ManageView.as_view(), name="staff_security_manage"),
        path("second-factor/recovery-codes/", views.new_recovery_codes, name="staff_security_recovery_codes"),
        path("second-factor/remove/<int:user_id>/", views.RemoveView.as_view(), name="staff_security_remove"),
    ]


@hooks.register("register_account_menu_item")
def second_factor_account_item(request):
    return {
        "url": reverse("staff_security_manage"),
        "label": _("Two-step verification"),
        "help_text": _("Set up your authenticator app, or make new recovery codes."),
    }


@hooks.register("register_user_listing_buttons")
def remove_second_factor_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            _("Remove two-step verification"),
            reverse("staff_security_remove", args=[user.pk]),
            icon_name="key",
            priority=90,
        )
