"""Values in the admin's lists and inspect views in the staff member's language: Wagtail prints a
boolean as "True" (for screen readers) and an empty value as "None", which Danish staff read as
English. Also the snippet viewsets' "Home" breadcrumb, which Wagtail translates once at start-up."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.fields import BaseFieldDisplay, register_display_class
from wagtail.admin.ui.tables import BooleanColumn


class YesNoColumn(BooleanColumn):
    """Wagtail's tick and cross, with "Ja"/"Nej" for screen readers instead of "True"/"False"."""

    cell_template_name = "core/admin/yes_no_cell.html"


class FieldValueDisplay(BaseFieldDisplay):
    """An inspect view's value: yes or no for a boolean, a dash for nothing, else the value itself."""

    template_name = "core/admin/field_value.html"


def install() -> None:
    # Every field class, and a foreign key to any model: Wagtail's own displays for foreign keys to
    # images and documents are registered for those models, which match first.
    register_display_class(models.Field, display_class=FieldValueDisplay)
    register_display_class(models.ForeignKey, to=models.Model, display_class=FieldValueDisplay)


class LazyHomeBreadcrumb:
    """For a SnippetViewSet: Wagtail builds its "Home" breadcrumb with gettext when the URLs load,
    so it stays in whatever language the first request had."""

    @property
    def breadcrumbs_items(self):
        home, *rest = super().breadcrumbs_items
        return [{**home, "label": _("Home")}, *rest]
