"""Network app: newsletter, following themes, who is coming, contact relay and the directory (issue 7)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Networking")
