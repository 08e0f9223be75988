"""Taxonomy app: the shared vocabularies (themes, professions, target groups) that events, the
library and the directory are filed under, with one slug for both languages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = _("Vocabularies")
