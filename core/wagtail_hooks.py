"""The shared floor in the Wagtail admin: the page that answers a person's request about their data."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.admin_views import PersonalDataView
from core.personal_data import may_answer_requests


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return may_answer_requests(request.user)


@hooks.register("register_admin_urls")
def register_personal_data_url():
    return [path("personal-data/", PersonalDataView.as_view(), name="personal_data")]


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        _("Personal data requests"), reverse("personal_data"), icon_name="user", order=900
    )
