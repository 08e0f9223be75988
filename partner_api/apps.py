"""Partner API app: the versioned listings API, its change log for sync, partner keys and the Atom feed."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnerApiConfig(AppConfig):
    name = "partner_api"
    verbose_name = _("Partner API")

    def ready(self):
        from partner_api import signals

        signals.connect()
