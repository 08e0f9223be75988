"""Checks of files that strangers upload, for what could harm whoever opens them later.

A file that is what its name says can still carry harm: a PDF that runs JavaScript or launches a
program when it opens, a file a browser takes for a web page, an Office file with macros, one that
fetches a template from the internet, an archive that unpacks to gigabytes, a picture with more
pixels than any program can hold. Each check reads the file as the program that opens it would
(pypdf for PDFs, zipfile for Office and OpenDocument, Pillow for pictures), bounded in memory and
time, and refuses with a message in the visitor's language that says what to do instead.

Every check raises ValidationError, and leaves the file at its start.
"""

import re
import zipfile
import zlib
from collections.abc import Iterator

import pypdf
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from PIL import Image
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# ---- Files that are web pages too -----------------------------------------------------------------

# PDF readers look for "%PDF-" anywhere in the first kilobyte, and browsers sniff up to 1445 bytes
# for markup (WHATWG MIME Sniffing): nothing in that head may look like HTML.
HEAD_SIZE = 2048
_HTML_MARKERS = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|object|embed|svg|style|title|table|div|font|h1|br"
    rb"|meta|link|form|img)[\s/>]|<!--",
    re.IGNORECASE,
)


def looks_like_html(file) -> bool:
    """True when the file's head holds markup a browser would render as a web page."""
    file.seek(0)
    head = file.read(HEAD_SIZE)
    file.seek(0)
    return _HTML_MARKERS.search(head) is not None


# ---- PDF ------------------------------------------------------------------------------------------

PDF_ACTIVE = _(
    "The PDF contains active content (a script, an action that runs when it opens, an embedded file "
    "or an interactive form), which we cannot pass on. Print it to a new PDF (“Save as PDF”) and "
    "choose that file."
)
PDF_ENCRYPTED = _(
    "The PDF is protected with a password or encryption, so we cannot check it. Save a copy without "
    "protection and choose that file."
)
PDF_UNREADABLE = _("We cannot read the PDF; it may be damaged. Save it again as a PDF and choose it again.")

# Keys that only active or embedded content has, anywhere in the file's objects.
_ACTIVE_PDF_KEYS = frozenset(
    {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/RichMedia", "/RichMediaContent",
     "/RichMediaSettings", "/XFA", "/Launch"}
)  # fmt: skip
# Actions that run code, open programs or other files, or send data away (ISO 32000 12.6.4).
_ACTIVE_PDF_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/RichMediaExecute",
     "/Rendition", "/Movie", "/Sound"}
)  # fmt: skip
# Annotations that play media, hold files or run 3D scripts.
_ACTIVE_PDF_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"})
_ACTIVE_PDF_TYPES = frozenset({"/EmbeddedFile", "/RichMediaExecute"})
# An /OpenAction that is a destination (a page to show) or a plain GoTo runs nothing: Word and
# LibreOffice write one. Any other action on opening is refused, even one that opens a web page.
_HARMLESS_OPENING_ACTIONS = frozenset({"/GoTo"})
# The same names spelled out in the bytes, for objects a repairing viewer might find that the
# cross-reference table hides. Long names only: a short one turns up by chance in compressed data.
_RAW_ACTIVE_NAMES = ("JavaScript", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA")
_PDF_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
MAX_PDF_OBJECTS = 500_000


def _name_pattern(name: str) -> bytes:
    """A regular expression for /name however it is spelled: each letter may be a #xx escape."""

    def letter(character: str) -> bytes:
        escaped = "".join(f"[{digit}{digit.upper()}]" for digit in f"{ord(character):02x}")
        return f"(?:{character}|#{escaped})".encode()

    return b"/" + b"".join(letter(character) for character in name) + b"(?=[" + _PDF_DELIMITERS + b"]|$)"


_RAW_ACTIVE_PATTERN = re.compile(b"|".join(_name_pattern(name) for name in _RAW_ACTIVE_NAMES))


def refuse_active_pdf(file) -> None:
    """Refuse a PDF with JavaScript, actions that run on opening or launch programs, embedded files,
    rich media or XFA forms, one that is encrypted, or one pypdf cannot read.

    Reads every object in the cross-reference table, including those packed in compressed object
    streams, and also the raw bytes for the long names, however they are escaped."""
    file.seek(0)
    try:
        if _RAW_ACTIVE_PATTERN.search(file.read()):
            raise ValidationError(PDF_ACTIVE, code="pdf_active")
        file.seek(0)
        try:
            reader = pypdf.PdfReader(file, strict=False)
            if reader.is_encrypted:
                raise ValidationError(PDF_ENCRYPTED, code="pdf_encrypted")
            for pdf_object in _pdf_objects(reader):
                if _is_active(pdf_object):
                    raise ValidationError(PDF_ACTIVE, code="pdf_active")
        except ValidationError:
            raise
        except Exception as error:  # pypdf raises many kinds of error on damaged or hostile files
            raise ValidationError(PDF_UNREADABLE, code="pdf_unreadable") from error
    finally:
        file.seek(0)


def _pdf_objects(reader) -> Iterator:
    """Every object of the file with the direct objects inside it, each indirect object once."""
    numbers = {(number, generation) for generation, table in reader.xref.items() for number in table}
    numbers |= {(number, 0) for number in reader.xref_objStm}
    if len(numbers) > MAX_PDF_OBJECTS:
        raise ValueError("too many objects")
    roots = [reader.trailer]
    roots += [reader.get_object(IndirectObject(number, generation, reader)) for number, generation in numbers]
    for root in roots:
        stack = [root]
        while stack:
            item = stack.pop()
            if isinstance(item, IndirectObject):
                continue  # read in its own turn
            yield item
            if isinstance(item, DictionaryObject):
                stack.extend(item.values())
            elif isinstance(item, ArrayObject):
                stack.extend(item)


def _is_active(pdf_object) -> bool:
    if not isinstance(pdf_object, DictionaryObject):
        return False
    if _ACTIVE_PDF_KEYS.intersection(pdf_object.keys()):
        return True

    def value(key):
        # Indirect too: "/S 7 0 R", with object 7 the name /Launch, is read as /S /Launch by viewers.
        found = pdf_object.get(key)
        return found.get_object() if isinstance(found, IndirectObject) else found

    if value("/S") in _ACTIVE_PDF_ACTIONS or value("/Type") in _ACTIVE_PDF_TYPES:
        return True
    if value("/Subtype") in _ACTIVE_PDF_ANNOTATIONS:
        return True
    opening = value("/OpenAction")
    if not isinstance(opening, DictionaryObject):
        return False  # a destination (an array, or the name of one) shows a page and runs nothing
    action = opening.get("/S")
    action = action.get_object() if isinstance(action, IndirectObject) else action
    return action not in _HARMLESS_OPENING_ACTIONS


# ---- Office Open XML and OpenDocument (zip archives) ----------------------------------------------

ARCHIVE_TOO_BIG = _(
    "The %(type)s file unpacks to too much: more than %(megabytes)s MB or more than %(parts)s parts. "
    "Save it with smaller pictures, or split it, and choose it again."
)
ARCHIVE_MACROS = _(
    "The %(type)s file contains macros or embedded programs, which we cannot pass on. Save a copy "
    "without them (in Word, as a .docx document) and choose that file."
)
ARCHIVE_EXTERNAL = _(
    "The %(type)s file fetches content from the internet when it is opened (for instance a linked "
    "template or picture). Save it with everything inside the file and choose it again."
)
ARCHIVE_UNREADABLE = _(
    "We cannot read the %(type)s file; it may be damaged. Save it again and choose it again."
)

MAX_UNPACKED_SIZE = 100 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 2000
# Text compresses ten or twenty times; a part far smaller than it unpacks to is a bomb.
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECKED_FROM = 1024 * 1024
_CHUNK = 64 * 1024
_MAX_RELATIONSHIPS_SIZE = 2 * 1024 * 1024
_RELATIONSHIP_TYPES_TO_LINKS = ("/hyperlink",)
# Where Office keeps VBA macros and ActiveX controls, and OLE packages that can wrap any program.
_MACRO_PARTS = re.compile(
    r"(^|/)(vbaProject\.bin|vbaData\.xml)$|(^|/)activeX/|(^|/)embeddings/[^/]*\.bin$", re.IGNORECASE
)
_MACRO_CONTENT_TYPES = re.compile(rb"macroEnabled|vbaProject|ms-office\.activeX|oleObject", re.I)
# OpenDocument keeps Basic and script macros in folders of their own, and names them in event handlers.
_ODF_MACRO_PARTS = re.compile(r"^(Basic|Scripts)/", re.I)
_ODF_MACRO_CALLS = (b"vnd.sun.star.script:", b"macro://")
_DAMAGED_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, OSError, EOFError,
                ValueError, RuntimeError)  # fmt: skip


def refuse_unsafe_archive(file, kind: str) -> None:
    """Refuse an Office Open XML or OpenDocument file that unpacks to more than MAX_UNPACKED_SIZE,
    has more than MAX_ARCHIVE_MEMBERS parts or a part compressed more than MAX_COMPRESSION_RATIO
    times, holds macros, ActiveX or OLE packages, or fetches templates or pictures from elsewhere.

    The directory's sizes are checked first; then every part is unpacked as a stream and thrown
    away, so a part that claims less than it holds fails its CRC instead of passing unnoticed.
    `kind` is what the visitor calls the file ("Word"), for the messages."""
    params = {"type": kind, "megabytes": MAX_UNPACKED_SIZE // (1024 * 1024), "parts": MAX_ARCHIVE_MEMBERS}
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            _refuse_bomb(members, params)
            for member in members:
                if _MACRO_PARTS.search(member.filename) or _ODF_MACRO_PARTS.search(member.filename):
                    raise ValidationError(ARCHIVE_MACROS, code="archive_macros", params=params)
            for member in members:
                _read_member(archive, member, params)
    except ValidationError:
        raise
    except _DAMAGED_ZIP as error:
        raise ValidationError(ARCHIVE_UNREADABLE, code="archive_unreadable", params=params) from error
    finally:
        file.seek(0)


def _refuse_bomb(members, params) -> None:
    too_big = ValidationError(ARCHIVE_TOO_BIG, code="archive_too_big", params=params)
    if len(members) > MAX_ARCHIVE_MEMBERS or sum(member.file_size for member in members) > MAX_UNPACKED_SIZE:
        raise too_big
    for member in members:
        if member.file_size > _RATIO_CHECKED_FROM and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise too_big


def _read_member(archive, member, params) -> None:
    """Unpack one part as a stream (zipfile stops at the declared size and checks the CRC),
    looking at the parts that say what the document does when it opens."""
    name = member.filename
    keep = name == "[Content_Types].xml" or name.endswith(".rels")
    if keep and member.file_size > _MAX_RELATIONSHIPS_SIZE:
        raise ValidationError(ARCHIVE_TOO_BIG, code="archive_too_big", params=params)
    scan_for_calls = name.endswith(".xml") and not name.startswith("[")
    kept = bytearray()
    tail = b""
    with archive.open(member) as part:
        while chunk := part.read(_CHUNK):
            if keep:
                kept += chunk
            if scan_for_calls:
                window = tail + chunk
                if any(call in window for call in _ODF_MACRO_CALLS):
                    raise ValidationError(ARCHIVE_MACROS, code="archive_macros", params=params)
                tail = window[-32:]
    if name == "[Content_Types].xml" and _MACRO_CONTENT_TYPES.search(bytes(kept)):
        raise ValidationError(ARCHIVE_MACROS, code="archive_macros", params=params)
    if name.endswith(".rels") and _fetches_from_elsewhere(bytes(kept)):
        raise ValidationError(ARCHIVE_EXTERNAL, code="archive_external", params=params)


def _fetches_from_elsewhere(relationships: bytes) -> bool:
    """True when a relationship part points outside the file for anything but a hyperlink (a
    template, a picture, an OLE object or a frame that Office would load as the file opens)."""
    try:
        root = ElementTree.fromstring(relationships, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException):
        return True  # a relationship part that is not plain XML cannot be trusted
    for relationship in root.iter():
        if not relationship.tag.endswith("Relationship"):
            continue
        if relationship.get("TargetMode", "").lower() != "external":
            continue
        if not relationship.get("Type", "").endswith(_RELATIONSHIP_TYPES_TO_LINKS):
            return True
    return False


# ---- Pictures -------------------------------------------------------------------------------------

PICTURE_TOO_LARGE = _(
    "The picture has more than %(megapixels)s million pixels. Make it smaller (for instance 4000 × 3000 "
    "pixels) and choose it again."
)
PICTURE_UNREADABLE = _("We cannot read the picture; it may be damaged. Save it again and choose it again.")


def max_image_pixels() -> int:
    """The most pixels a picture may have, for visitors' and editors' uploads alike."""
    return settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS


def picture_too_large() -> ValidationError:
    return ValidationError(
        PICTURE_TOO_LARGE,
        code="picture_too_large",
        params={"megapixels": max_image_pixels() // 1_000_000},
    )


def refuse_too_many_pixels(file) -> None:
    """Refuse a picture whose header claims more pixels than the site's limit. Reads the header
    only, never the pixels; a file Pillow cannot read passes, for the caller's own checks."""
    file.seek(0)
    try:
        with Image.open(file) as picture:
            width, height = picture.size
    except Image.DecompressionBombError as error:
        raise picture_too_large() from error
    except Exception:  # not a picture Pillow knows: the caller decides what that means
        return
    finally:
        file.seek(0)
    if width * height > max_image_pixels():
        raise picture_too_large()


def refuse_oversized_picture(file) -> None:
    """Refuse a picture with more pixels than the site's limit, or one Pillow cannot read. Reads the
    header and checks the chunks, never decodes the pixels."""
    refuse_too_many_pixels(file)
    try:
        with Image.open(file) as picture:
            picture.verify()
    except Exception as error:  # Pillow raises OSError, SyntaxError, ValueError… on damaged files
        raise ValidationError(PICTURE_UNREADABLE, code="picture_unreadable") from error
    finally:
        file.seek(0)
