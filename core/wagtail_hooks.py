"""The shared floor in the Wagtail admin: the page that answers a person's request about their data,
and the e-mails that failed for good (a report, a dashboard panel, their permissions)."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.admin_views import (
    FailedEmailsPanel,
    FailedEmailsView,
    FailedEmailView,
    PersonalDataView,
    ResendAllView,
    may_see_failed_emails,
)
from core.models import FailedEmail
from core.personal_data import may_answer_requests
from core.tasks import failed_emails, uses_worker


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return may_answer_requests(request.user)


class FailedEmailsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_failed_emails(request.user)


@hooks.register("register_admin_urls")
def register_personal_data_url():
    return [path("personal-data/", PersonalDataView.as_view(), name="personal_data")]


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        _("Personal data requests"), reverse("personal_data"), icon_name="user", order=900
    )


@hooks.register("register_admin_urls")
def register_failed_email_urls():
    return [
        path("failed-emails/", FailedEmailsView.as_view(), name="failed_emails"),
        path("failed-emails/<uuid:pk>/", FailedEmailView.as_view(), name="failed_email"),
        path("failed-emails/send-all-again/", ResendAllView.as_view(), name="failed_emails_resend_all"),
    ]


@hooks.register("register_reports_menu_item")
def register_failed_emails_menu_item():
    return FailedEmailsMenuItem(_("Failed e-mails"), reverse("failed_emails"), icon_name="mail", order=950)


@hooks.register("register_permissions")
def register_failed_email_permissions():
    content_type = ContentType.objects.get_for_model(FailedEmail, for_concrete_model=False)
    return Permission.objects.filter(content_type=content_type)


@hooks.register("construct_homepage_panels")
def add_failed_emails_panel(request, panels):
    if uses_worker() and may_see_failed_emails(request.user):
        count = failed_emails().count()
        if count:
            panels.append(FailedEmailsPanel(count))
