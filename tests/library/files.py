"""Small real files of every type a contributor may send, and files that only pretend to be one."""

import io
import zipfile

from openpyxl import Workbook
from PIL import Image

# Real PDFs put a comment of four high bytes on their second line, to mark themselves as binary.
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
WINDOWS_PROGRAM = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program"
)
HTML = b"<!doctype html><html><body><script>alert(1)</script>%PDF-1.7</body></html>"

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def zip_of(entries: dict[str, bytes], stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first), entries[stored_first], zipfile.ZIP_STORED)
        for name, content in entries.items():
            if name != stored_first:
                archive.writestr(name, content)
    return buffer.getvalue()


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    return zip_of(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document/>",
            **(extra or {}),
        }
    )


def pptx() -> bytes:
    return zip_of(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": b"<Relationships/>",
            "ppt/presentation.xml": b"<p:presentation/>",
        }
    )


def xlsx() -> bytes:
    """A real workbook, written by openpyxl."""
    workbook = Workbook()
    workbook.active["A1"] = "Borgerinddragelse"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def opendocument(kind: str, mimetype_first: bool = True) -> bytes:
    entries = {
        "mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(),
        "content.xml": b"<office:document-content/>",
        "META-INF/manifest.xml": b"<manifest:manifest/>",
    }
    if mimetype_first:
        return zip_of(entries, stored_first="mimetype")
    entries = {"content.xml": entries["content.xml"], "mimetype": entries["mimetype"]}
    return zip_of(entries)


def image(image_format: str) -> bytes:
    """A real picture, written by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (58, 54, 201)).save(buffer, format=image_format)
    return buffer.getvalue()


def plain_zip() -> bytes:
    return zip_of({"noter.txt": b"Et helt almindeligt zip-arkiv"})
