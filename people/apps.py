"""People app: the people and organisations named on events and resources and listed in the directory."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organisations")

    def ready(self):
        from people import translation_sync  # noqa: F401  (connects the signal receivers)
