"""Which files a contributor may send, whether a file's content is what its name says it is, and
whether it carries anything that could harm the staff who open it.

The first check reads the content, not the name or the browser's Content-Type (both are the
sender's word): PDF, image and zip signatures at the very start, no web-page markup in the head (an
HTML/PDF polyglot), the parts inside an Office Open XML or OpenDocument zip, and for plain text that
it is UTF-8 without NUL bytes. The second (`refuse_harmful_content`, core/uploads.py) looks inside:
scripts and actions in PDFs, macros, remote templates and bombs in Office files, pixel counts.
"""

import codecs
import zipfile
import zlib
from pathlib import PurePath

from core.uploads import looks_like_html, refuse_active_pdf, refuse_oversized_picture, refuse_unsafe_archive

MAX_SIZE = 10 * 1024 * 1024  # 10 MB

# Extension → what the visitor calls it. Macro-enabled Office files (.docm …), archives, HTML,
# SVG and executables are left out on purpose: they can carry code.
ALLOWED_EXTENSIONS = {
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "Excel",
    "pptx": "PowerPoint",
    "odt": "OpenDocument Text",
    "ods": "OpenDocument Spreadsheet",
    "odp": "OpenDocument Presentation",
    "png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "txt": "Text",
    "csv": "CSV",
}
TEXT_EXTENSIONS = frozenset({"txt", "csv"})
PRESENTATION_EXTENSIONS = frozenset({"pptx", "odp"})

# Office Open XML: the folder that holds the main part of each kind of document.
_OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
_ZIP_SIGNATURE = b"PK\x03\x04"
_CHUNK = 64 * 1024
# What zipfile and zlib raise on a truncated, corrupt or exotic archive.
_DAMAGED_ZIP = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    NotImplementedError,
    OSError,
    EOFError,
    ValueError,
)


def extension_of(name: str) -> str:
    """The lower-case extension without the dot, or "" for a name without one."""
    return PurePath(name or "").suffix.lower().removeprefix(".")


def is_allowed(name: str) -> bool:
    return extension_of(name) in ALLOWED_EXTENSIONS


def content_matches_extension(file, extension: str) -> bool:
    """True when the file's bytes are a file of this type. `file` is a seekable binary file.

    Leaves the file at its start. Any damage (a truncated zip, bytes that are not UTF-8) is a
    mismatch, never an exception.
    """
    try:
        if extension in TEXT_EXTENSIONS:
            return _is_utf8_text(file)
        # A zip may start anywhere in a file, a PDF anywhere in its first kilobyte: a file that
        # starts as something else, or has markup in its head, is a web page in disguise.
        if looks_like_html(file):
            return False
        if extension in _SIGNATURES:
            return _starts_with(file, _SIGNATURES[extension])
        if extension in _OOXML_FOLDERS:
            return _starts_with(file, (_ZIP_SIGNATURE,)) and _is_ooxml(file, _OOXML_FOLDERS[extension])
        if extension in _ODF_MIMETYPES:
            return _starts_with(file, (_ZIP_SIGNATURE,)) and _is_opendocument(file, _ODF_MIMETYPES[extension])
        return False
    finally:
        file.seek(0)


def refuse_harmful_content(file, extension: str) -> None:
    """Raise ValidationError, in the visitor's language, when a file that is what its name says
    carries active content, macros, remote content or a bomb. Call after content_matches_extension."""
    if extension == "pdf":
        refuse_active_pdf(file)
    elif extension in _OOXML_FOLDERS or extension in _ODF_MIMETYPES:
        refuse_unsafe_archive(file, ALLOWED_EXTENSIONS[extension])
    elif extension in {"png", "jpg", "jpeg"}:
        refuse_oversized_picture(file)


def _starts_with(file, signatures: tuple[bytes, ...]) -> bool:
    file.seek(0)
    head = file.read(16)
    return any(head.startswith(signature) for signature in signatures)


def _is_ooxml(file, folder: str) -> bool:
    names = _zip_names(file)
    if names is None or "[Content_Types].xml" not in names:
        return False
    # A .docx with a VBA project is a macro-enabled .docm under another name.
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return False
    return any(name.startswith(folder) for name in names)


def _is_opendocument(file, mimetype: bytes) -> bool:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            # ODF puts an uncompressed "mimetype" entry first, naming the kind of document.
            if not entries or entries[0].filename != "mimetype" or entries[0].file_size > 100:
                return False
            return archive.read(entries[0]).strip() == mimetype
    except _DAMAGED_ZIP:
        return False


def _zip_names(file) -> set[str] | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except _DAMAGED_ZIP:
        return None


def _is_utf8_text(file) -> bool:
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        while chunk := file.read(_CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
