"""Values in the admin's lists, filters and inspect views in the staff member's language: Wagtail
prints a boolean as "True" (read out in tick columns, shown in an active filter: "Aktiv: True") and an
empty value as "None", which Danish staff read as English. Also the snippet viewsets' "Home"
breadcrumb, which Wagtail translates once at start-up."""

import django_filters

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.active_filters import ActiveFilter, BaseFilterAdapter, register_filter_adapter_class
from wagtail.admin.ui.fields import BaseFieldDisplay, register_display_class
from wagtail.admin.ui.tables import BooleanColumn


class YesNoColumn(BooleanColumn):
    """Wagtail's tick and cross, with "Ja"/"Nej" for screen readers instead of "True"/"False"."""

    cell_template_name = "core/admin/yes_no_cell.html"


class FieldValueDisplay(BaseFieldDisplay):
    """An inspect view's value: yes or no for a boolean, a dash for nothing, else the value itself."""

    template_name = "core/admin/field_value.html"


class YesNoFilterAdapter(BaseFilterAdapter):
    """An active yes/no filter above a list: "Aktiv: Ja" rather than "Aktiv: True"."""

    def get_active_filters(self):
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            _("Yes") if self.value else _("No"),
            self.get_url_without_filter_param(self.name),
        )


def install() -> None:
    register_filter_adapter_class(django_filters.BooleanFilter, YesNoFilterAdapter)
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
