"""Library app: the resource library and contributions (issue 4)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Library")

    def ready(self):
        from library.signal_handlers import register_signal_handlers

        register_signal_handlers()
