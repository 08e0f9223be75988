"""Every spreadsheet export makes formulas harmless, in CSV and XLSX, including full-width signs."""

import io

import openpyxl
import pytest

from django.urls import reverse

from core.exports import neutralise_formula
from tests.network.factories import make_subscriber

pytestmark = pytest.mark.django_db

FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "＝HYPERLINK(1)", "＋1", "－1", "＠A1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_would_start_a_formula_is_shown_as_typed(text):
    assert neutralise_formula(text) == f"'{text}"


@pytest.mark.parametrize("text", ["Søren", "1500", "a=b", " =x", "kontakt@example.dk"])
def test_other_text_is_left_alone(text):
    assert neutralise_formula(text) == text


def export(admin_client, export_format: str):
    response = admin_client.get(reverse("newsletter_subscribers:index") + f"?export={export_format}")
    assert response.status_code == 200
    return response


def test_csv_and_xlsx_exports_both_neutralise_formulas(admin_client):
    make_subscriber(email="evil@example.dk", wants_events=True).__class__.objects.filter(
        email="evil@example.dk"
    ).update(consent_source='＝HYPERLINK("http://evil.example")')

    csv_text = export(admin_client, "csv").content.decode("utf-8-sig")
    assert "'＝HYPERLINK" in csv_text

    body = b"".join(export(admin_client, "xlsx").streaming_content)
    cells = [
        cell
        for row in openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)
        for cell in row
    ]
    assert '\'＝HYPERLINK("http://evil.example")' in cells
