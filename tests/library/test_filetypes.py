"""A file is what its name says it is, judged by its content: each allowed type, and disguises."""

import io

import pytest

from django.conf import settings

from library.filetypes import ALLOWED_EXTENSIONS, content_matches_extension, extension_of, is_allowed
from tests.library import files

GENUINE = {
    "pdf": files.PDF,
    "docx": files.docx(),
    "xlsx": files.xlsx(),
    "pptx": files.pptx(),
    "odt": files.opendocument("text"),
    "ods": files.opendocument("spreadsheet"),
    "odp": files.opendocument("presentation"),
    "png": files.image("PNG"),
    "jpg": files.image("JPEG"),
    "jpeg": files.image("JPEG"),
    "txt": "Vi mødtes hver tirsdag i fælleshuset.\n".encode(),
    "csv": "kommune;deltagere\nAarhus;12\nÆrø;4\n".encode(),
}


def matches(content: bytes, extension: str) -> bool:
    return content_matches_extension(io.BytesIO(content), extension)


def test_every_allowed_type_has_a_genuine_example():
    assert set(GENUINE) == set(ALLOWED_EXTENSIONS)


def test_editors_can_keep_editing_contributed_documents():
    # Wagtail checks a document's extension again whenever an editor saves it in the admin.
    assert set(ALLOWED_EXTENSIONS) <= set(settings.WAGTAILDOCS_EXTENSIONS)


@pytest.mark.parametrize("extension", sorted(GENUINE))
def test_genuine_files_are_accepted(extension):
    assert matches(GENUINE[extension], extension)


@pytest.mark.parametrize(
    ("content", "extension"),
    [
        pytest.param(files.WINDOWS_PROGRAM, "pdf", id="program-as-pdf"),
        pytest.param(files.HTML, "pdf", id="html-as-pdf"),
        pytest.param(files.HTML, "png", id="html-as-png"),
        pytest.param(files.plain_zip(), "docx", id="zip-as-docx"),
        pytest.param(files.plain_zip(), "odt", id="zip-as-odt"),
        pytest.param(files.xlsx(), "docx", id="xlsx-as-docx"),
        pytest.param(files.docx(), "pptx", id="docx-as-pptx"),
        pytest.param(files.docx({"word/vbaProject.bin": b"macro"}), "docx", id="docm-as-docx"),
        pytest.param(files.opendocument("text"), "ods", id="odt-as-ods"),
        pytest.param(files.opendocument("text"), "docx", id="odt-as-docx"),
        pytest.param(files.docx(), "odt", id="docx-as-odt"),
        pytest.param(
            files.opendocument("text", mimetype_first=False), "odt", id="odt-without-leading-mimetype"
        ),
        pytest.param(files.docx()[:200], "docx", id="truncated-docx"),
        pytest.param(files.opendocument("text")[:80], "odt", id="truncated-odt"),
        pytest.param(files.image("PNG"), "jpg", id="png-as-jpg"),
        pytest.param(files.image("JPEG"), "png", id="jpeg-as-png"),
        pytest.param(files.PDF, "txt", id="pdf-as-txt"),
        pytest.param("Vi mødtes i fælleshuset".encode("latin-1"), "txt", id="latin-1-text"),
        pytest.param(b"navn;antal\x00\nA;1", "csv", id="nul-in-csv"),
        pytest.param(files.WINDOWS_PROGRAM, "exe", id="unlisted-extension"),
        pytest.param(b"", "pdf", id="empty-pdf"),
    ],
)
def test_disguised_or_damaged_files_are_refused(content, extension):
    assert not matches(content, extension)


def test_a_character_split_between_two_reads_is_still_text():
    # The check reads 64 KiB at a time; "æ" is two bytes and here straddles the boundary.
    content = b"a" * (64 * 1024 - 1) + "æ".encode()
    assert matches(content, "txt")


def test_the_file_is_left_at_its_start_for_whoever_saves_it():
    for content, extension in [(files.docx(), "docx"), (files.HTML, "pdf"), (GENUINE["txt"], "txt")]:
        upload = io.BytesIO(content)
        upload.seek(17)
        content_matches_extension(upload, extension)
        assert upload.tell() == 0


@pytest.mark.parametrize(
    ("name", "extension"),
    [
        ("Metodekort.PDF", "pdf"),
        ("rapport.final.docx", "docx"),
        ("foto.JPEG", "jpeg"),
        ("uden-endelse", ""),
        (".bashrc", ""),
        ("", ""),
    ],
)
def test_extension_of(name, extension):
    assert extension_of(name) == extension


def test_only_listed_types_are_allowed():
    assert is_allowed("Idé.pdf") and is_allowed("plan.ODS")
    for name in ("setup.exe", "side.html", "tegning.svg", "makro.docm", "arkiv.zip", "pdf"):
        assert not is_allowed(name), name
