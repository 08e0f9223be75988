"""The shared floor under every app: rate limits, validators, forms, e-mail, exports, URLs, registries
and the background-task plumbing.

It imports Django, Wagtail and the Django tasks API (with its database backend) only; the apps above
it import from here, never the other way round.
"""

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared tools")

    def ready(self):
        # Every app's tasks module, so that each process knows every e-mail task (core.tasks.EMAIL_TASKS).
        autodiscover_modules("tasks")

        from PIL import Image

        from django.conf import settings

        # Pillow warns above this many pixels and refuses twice as many; pictures are refused at
        # the limit itself by the forms (core/uploads.py, core/images.py).
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS

        # Translating a page never overwrites a snippet's existing translation (core/translation.py).
        from core import translation

        translation.install()

        # Booleans and empty values in the admin's inspect views in the staff member's language.
        from core import admin_display

        admin_display.install()

        from wagtail.signals import copy_for_translation_done

        from core.localised_choices import choose_in_target_language

        copy_for_translation_done.connect(choose_in_target_language, dispatch_uid="choose_in_target_language")
