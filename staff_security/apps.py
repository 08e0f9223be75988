"""Staff security app: a second factor (authenticator app, recovery codes) and login lockout for the admin."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffSecurityConfig(AppConfig):
    name = "staff_security"
    verbose_name = _("Staff sign-in security")
