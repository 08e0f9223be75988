"""The demo library's files: real PDF, Word, Excel and CSV files, each in the language of its page."""

import csv
import io
import shutil
import subprocess
import zipfile

import docx
import pytest
from openpyxl import load_workbook

from django.utils.html import strip_tags

from wagtail.models import Locale

from demo import documents
from demo.loader import full_stream, in_language, read
from demo.translation import english_strings
from library.models import ResourceFile, ResourcePage
from library.vocabulary import FileRole

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed"
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def file_bytes(document) -> bytes:
    with document.open_file() as file:
        return file.read()


def pdf_text(data: bytes, tmp_path) -> str:
    """What a real PDF reader (poppler) finds on the page, as one line of words."""
    path = tmp_path / "file.pdf"
    path.write_bytes(data)
    result = subprocess.run(  # noqa: S603 (our own file, a fixed program)
        [shutil.which("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    assert result.stderr == ""
    return " ".join(result.stdout.split())


def pdf_pages(data: bytes) -> int:
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    return data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>")


def test_every_attached_file_is_a_real_document_of_its_type():
    files = list(ResourceFile.objects.select_related("document", "document__collection"))
    assert len(files) >= 30
    collection = read("site.yaml")["documents"]["collection"]
    seen = set()
    for file in files:
        document, data = file.document, file_bytes(file.document)
        assert document.collection.name == collection
        assert document.file_size == len(data) and document.file_hash
        extension = document.file_extension
        seen.add(extension)
        if file.role == FileRole.PRINTABLE_CARD:
            assert extension == "pdf"
        if extension == "pdf":
            assert pdf_pages(data) == 1, document.title
        elif extension == "docx":
            assert docx.Document(io.BytesIO(data)).paragraphs[0].text == document.title
        elif extension == "xlsx":
            sheet = load_workbook(io.BytesIO(data), read_only=True).active
            assert any(cell for row in sheet.iter_rows(values_only=True) for cell in row)
        elif extension == "csv":
            assert data.startswith("\ufeff".encode())
            assert len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) > 2
        else:
            pytest.fail(f"unexpected file type {extension}")
    assert seen == {"pdf", "docx", "xlsx", "csv"}


def test_a_file_in_one_language_serves_both_translations_and_others_come_in_each():
    english = Locale.objects.get(language_code="en")
    shared = separate = 0
    for spec in read("resources.yaml")[0]["objects"]:
        for position, file_spec in enumerate(spec.get("files", [])):
            document = file_spec["document"]
            danish = ResourcePage.objects.get(
                slug=in_language(spec["slug"], "da"), locale__language_code="da"
            )
            translation = danish.get_translation(english).specific
            pair = [page.files.all()[position].document_id for page in (danish, translation)]
            if document["kind"] != "method-card" and in_language(document, "da") == in_language(
                document, "en"
            ):
                assert pair[0] == pair[1], danish
                shared += 1
            else:
                assert pair[0] != pair[1], danish
                separate += 1
    assert shared and separate


@needs_poppler
@pytest.mark.parametrize("language_code", ["da", "en"])
def test_a_method_card_prints_the_method_and_every_step_in_the_pages_language(tmp_path, language_code):
    cards = ResourceFile.objects.filter(
        role=FileRole.PRINTABLE_CARD, page__locale__language_code=language_code
    )
    assert cards.count() >= 6
    for card in cards.select_related("document", "page"):
        method = ResourcePage.objects.get(pk=card.page_id)
        text = pdf_text(file_bytes(card.document), tmp_path)
        assert method.title in text and method.title in card.document.title
        for step in method.steps:
            assert step.value["title"] in text
            assert " ".join(strip_tags(step.value["text"].source).split()[:4]) in text
        assert f"/{method.slug}/" in text, "the footer names the page's address"


@needs_poppler
def test_every_pdf_reads_as_text_in_a_real_reader(tmp_path):
    for file in ResourceFile.objects.filter(document__file__endswith=".pdf").select_related("document"):
        text = pdf_text(file_bytes(file.document), tmp_path)
        assert len(text) > 100, file.document.title


def test_a_card_that_cannot_fit_on_one_page_is_refused():
    steps = [
        {"step": {"number": n, "title": f"Trin {n}", "text": "Et meget langt trin. " * 100}}
        for n in range(1, 8)
    ]
    with pytest.raises(ValueError, match="does not fit on one page"):
        documents.one_page_pdf("For lang", "Metodekort", steps, "fod", "da")


@needs_poppler
def test_pdf_text_keeps_brackets_backslashes_danish_letters_and_dashes(tmp_path):
    data = documents.one_page_pdf(
        "Æbler (og pærer) \\ 100 %", "Kort", [{"text": "Blåbær – »så« er det “sagt”"}], "fod", "da"
    )
    text = pdf_text(data, tmp_path)
    assert "KORT" in text and "Æbler (og pærer) \\ 100 %" in text and "Blåbær – »så« er det “sagt”" in text
    assert b"/Lang (da)" in data


def test_word_template_has_headings_hints_and_a_table_whose_header_repeats():
    sections = [
        {"heading": "Idéen", "hint": "Hvad vil I prøve?"},
        {"heading": "Hvem gør hvad?", "table": {"headers": ["Hvem", "Hvad", "Hvornår"], "rows": 4}},
    ]
    data = documents.word_template("A & B <C>", "Udfyld planen.", sections, "Fod", "da")
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "A & B <C>" and document.core_properties.title == "A & B <C>"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Idéen", "Hvem gør hvad?"]
    table = document.tables[0]
    assert len(table.rows) == 5 and [cell.text for cell in table.rows[0].cells] == ["Hvem", "Hvad", "Hvornår"]
    assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert 'w:lang w:val="da-DK"' in styles


def test_spreadsheet_freezes_its_header_row_under_the_hint():
    data = documents.spreadsheet(
        "Logbog", "Log", ["Dato", "Hvad"], [["1. marts", "Kaffe"]], hint="Én række om dagen"
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert [sheet["A1"].value, sheet["A2"].value, sheet["B2"].value] == ["Én række om dagen", "Dato", "Hvad"]
    assert sheet.freeze_panes == "A3" and sheet["A2"].font.bold


def test_csv_uses_the_list_separator_and_decimal_comma_of_the_language():
    assert documents.csv_file(["Andel"], [[12.5]], "da").decode("utf-8-sig").splitlines() == ["Andel", "12,5"]
    assert documents.csv_file(["a", "b"], [[12.5, 1]], "en").decode("utf-8-sig").splitlines() == [
        "a,b",
        "12.5,1",
    ]


def test_a_file_kind_the_loader_does_not_know_is_an_error():
    with pytest.raises(ValueError, match="unknown kind"):
        documents.make({"kind": "odt", "title": "x"}, "da", "fod")


def test_data_whose_english_is_shaped_unlike_the_danish_is_refused():
    """The English must have the Danish blocks and paragraphs: wagtail-localize pairs them one to one."""
    page = ResourcePage.objects.live().filter(locale__language_code="da").exclude(body=[]).first()
    blocks = [{"type": "paragraph", "value": "<p>One paragraph.</p>"}] * (len(page.body) + 1)
    english = {"body": full_stream(ResourcePage._meta.get_field("body").stream_block, blocks)}
    with pytest.raises(ValueError, match="not shaped like the Danish"):
        english_strings(page, english)
