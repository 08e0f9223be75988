"""Harmful content in files strangers upload: each check refuses the hostile file with its own code
and lets the ordinary file of the same kind through (core/uploads.py, library/filetypes.py)."""

import io

import pytest

from django.core.exceptions import ValidationError

from core.uploads import (
    MAX_ARCHIVE_MEMBERS,
    looks_like_html,
    refuse_active_pdf,
    refuse_oversized_picture,
    refuse_unsafe_archive,
)
from library.filetypes import content_matches_extension, refuse_harmful_content
from tests.library import files


def refusal(check, content: bytes, *args) -> str | None:
    """The code of the refusal, or None when the file passes. Checks leave the file at its start."""
    file = io.BytesIO(content)
    try:
        check(file, *args)
    except ValidationError as error:
        assert file.tell() == 0
        return error.code
    assert file.tell() == 0
    return None


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (files.pdf_with_javascript_on_opening, "pdf_active"),
        (files.pdf_with_escaped_javascript_name, "pdf_active"),
        (files.pdf_with_javascript_in_an_object_stream, "pdf_active"),
        (files.pdf_with_launch_action, "pdf_active"),
        (files.pdf_with_launch_action_named_indirectly, "pdf_active"),
        (files.pdf_with_embedded_file, "pdf_active"),
        (files.pdf_with_xfa_form, "pdf_active"),
        (lambda: files.PDF[:-40], "pdf_unreadable"),
        (lambda: b"%PDF-1.7\n" + b"\x00" * 2000, "pdf_unreadable"),
        (lambda: files.pdf(head=b"%" + b"/" * 4000 + b"\n"), None),
        (lambda: files.PDF, None),
        (files.pdf_opening_on_the_first_page, None),
        (files.pdf_with_a_web_link, None),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_pdf_checks(build, code):
    assert refusal(refuse_active_pdf, build()) == code


def test_packed_objects_are_not_spelled_out_in_the_bytes():
    # The control for the test above: only reading the structure can find these.
    assert b"JavaScript" not in files.pdf_with_javascript_in_an_object_stream()
    assert b"Launch" not in files.pdf_with_launch_action_named_indirectly()


def test_an_encrypted_pdf_cannot_be_checked_and_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files.PDF)))
    writer.encrypt(user_password="hemmelig", algorithm="RC4-128")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    assert refusal(refuse_active_pdf, encrypted.getvalue()) == "pdf_encrypted"


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (files.docx_bomb, "archive_too_big"),
        (files.docx_lying_about_its_size, "archive_unreadable"),
        (files.docx_declaring_macros, "archive_macros"),
        (lambda: files.docx({"word/vbaProject.bin": b"macro"}), "archive_macros"),
        (lambda: files.docx({"word/activeX/activeX1.bin": b"control"}), "archive_macros"),
        (lambda: files.docx({"word/embeddings/oleObject1.bin": b"package"}), "archive_macros"),
        (files.docx_with_external_template, "archive_external"),
        (lambda: files.docx({"word/_rels/document.xml.rels": b"<not xml"}), "archive_external"),
        (files.opendocument_with_basic_macros, "archive_macros"),
        (
            lambda: files.zip_of(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.text",
                    "content.xml": b'<office:event-listener xlink:href="vnd.sun.star.script:Standard.M?'
                    b'language=Basic&amp;location=application"/>',
                },
                stored_first="mimetype",
            ),
            "archive_macros",
        ),
        (
            lambda: files.zip_of({f"word/{number}.xml": b"" for number in range(MAX_ARCHIVE_MEMBERS + 1)}),
            "archive_too_big",
        ),
        (files.docx, None),
        (files.xlsx, None),
        (files.pptx, None),
        (lambda: files.opendocument("text"), None),
        (files.docx_with_a_web_link, None),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_archive_checks(build, code):
    assert refusal(refuse_unsafe_archive, build(), "Word") == code


def test_the_zip_bomb_really_claims_200_mb():
    import zipfile

    with zipfile.ZipFile(io.BytesIO(files.docx_bomb())) as archive:
        assert sum(member.file_size for member in archive.infolist()) > 200 * 1024 * 1024
    assert len(files.docx_bomb()) < 1024 * 1024


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (files.png_claiming(50_000, 50_000), "picture_too_large"),
        # Over the site's limit, under twice Pillow's: refused by the count, not by Pillow.
        (files.png_claiming(8_000, 8_000), "picture_too_large"),
        (files.png_claiming(7_000, 7_000), None),
        (files.image("PNG")[:30], "picture_unreadable"),
        (files.image("PNG"), None),
        (files.image("JPEG"), None),
    ],
    ids=["50000x50000", "8000x8000", "7000x7000", "truncated", "png", "jpeg"],
)
def test_picture_checks(content, code):
    assert refusal(refuse_oversized_picture, content) == code


@pytest.mark.parametrize(
    "head",
    [b"%<html>", b"%<SCRIPT src=x>", b"%<!-- x -->", b"%<svg onload=alert(1)>", b"%<!DOCTYPE html>"],
)
def test_markup_in_the_head_is_a_web_page(head):
    assert looks_like_html(io.BytesIO(files.pdf(head=head + b"\n")))
    assert not content_matches_extension(io.BytesIO(files.pdf(head=head + b"\n")), "pdf")


def test_markup_after_the_head_is_not_sniffed():
    later = files.pdf(padding=4096) + b"%<html>\n"
    assert not looks_like_html(io.BytesIO(later))


def test_a_zip_behind_a_web_page_is_not_a_docx():
    assert not content_matches_extension(io.BytesIO(files.HTML + files.docx()), "docx")
    assert not content_matches_extension(io.BytesIO(b"x" * 10 + files.docx()), "docx")


@pytest.mark.parametrize(
    ("extension", "content", "code"),
    [
        ("pdf", files.pdf_with_javascript_on_opening(), "pdf_active"),
        ("docx", files.docx_with_external_template(), "archive_external"),
        ("odt", files.opendocument_with_basic_macros(), "archive_macros"),
        ("png", files.png_claiming(50_000, 50_000), "picture_too_large"),
        ("jpg", files.image("JPEG"), None),
        ("txt", b"<script>alert(1)</script>", None),
    ],
)
def test_each_allowed_type_gets_its_check(extension, content, code):
    assert refusal(refuse_harmful_content, content, extension) == code
