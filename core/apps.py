"""The shared floor under every app: rate limits, validators, forms, e-mail, exports, URLs and registries.

It imports Django and Wagtail only; the apps above it import from here, never the other way round.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared tools")
