"""Spreadsheet exports from the Wagtail admin's lists that open correctly in Excel in Denmark.

Every CSV and XLSX export of the site goes through SpreadsheetExportMixin: a UTF-8 byte order mark
(without it Excel reads UTF-8 as Windows-1252 and æ, ø, å come out garbled), ";" between columns
where the decimal separator is a comma, numbers in the user's notation, wall-clock times in Denmark,
and text that would start a formula made harmless ("CSV injection").
"""

import csv
import datetime as dt
from collections import OrderedDict
from decimal import Decimal
from io import StringIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.coreutils import multigetattr

# Characters that make Excel or LibreOffice read a cell as a formula, including the full-width
# forms that some spreadsheet programs fold to their ASCII twins.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_formula(value: str) -> str:
    """Text that would start a formula gets a leading apostrophe, so it is shown as typed."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_decimal(value: Decimal) -> str:
    # In the active language's notation ("1500,00" in Danish), which is what Excel there expects.
    return number_format(value, decimal_pos=2)


def csv_datetime(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def xlsx_datetime(value: dt.datetime) -> dt.datetime:
    # Excel has no time zones: show the wall-clock time in Denmark (or the user's admin time zone).
    return timezone.make_naive(value) if timezone.is_aware(value) else value


def yes_or_no(value: bool) -> str:
    return _("Yes") if value else _("No")


class SpreadsheetExportMixin:
    """For an IndexView with `list_export`: columns from `export_values(item)` first, then fields."""

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        dt.datetime: {IndexView.FORMAT_CSV: csv_datetime, IndexView.FORMAT_XLSX: xlsx_datetime},
        Decimal: {IndexView.FORMAT_CSV: csv_decimal},
        bool: {IndexView.FORMAT_CSV: yes_or_no, IndexView.FORMAT_XLSX: yes_or_no},
        str: {IndexView.FORMAT_CSV: neutralise_formula, IndexView.FORMAT_XLSX: neutralise_formula},
    }

    def export_values(self, item) -> dict:
        """Computed columns of the export, by name; other columns are the item's fields."""
        return {}

    @cached_property
    def header_buttons(self):
        """The exports as buttons beside the title, as on the participants page, rather than inside
        Wagtail's "Actions" menu, where staff did not look for them. They keep the list's filters."""
        return [
            *super().header_buttons,
            HeaderButton(_("Download XLSX"), url=self.xlsx_export_url, icon_name="download"),
            HeaderButton(_("Download CSV"), url=self.csv_export_url, icon_name="download"),
        ]

    @cached_property
    def header_more_buttons(self):
        exports = {self.xlsx_export_url, self.csv_export_url}
        return [button for button in super().header_more_buttons if button.url not in exports]

    def to_row_dict(self, item):
        computed = self.export_values(item)
        return OrderedDict(
            (field, computed[field] if field in computed else multigetattr(item, field))
            for field in self.list_export
        )

    @property
    def csv_delimiter(self) -> str:
        # Excel splits a CSV file at the list separator of the computer's region: ";" wherever the
        # decimal separator is a comma, as in Denmark.
        return ";" if get_format("DECIMAL_SEPARATOR") == "," else ","

    def write_csv_response(self, queryset):
        """Write the whole CSV now, in the user's language and time zone, behind a UTF-8 byte order mark.

        Wagtail's own CSV export streams UTF-8 without a BOM, and a streamed body is rendered after
        the admin has switched back from the user's language and time zone. The site's exports are
        small enough to build in memory.
        """
        buffer = StringIO()
        buffer.write("\ufeff")
        writer = csv.DictWriter(buffer, fieldnames=self.list_export, delimiter=self.csv_delimiter)
        writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
        for item in queryset:
            self.write_csv_row(writer, self.to_row_dict(item))
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{self.get_filename()}.csv")
        return response
