"""Extract, merge, check and compile the project's gettext catalogues with polib instead of GNU gettext."""

from __future__ import annotations

import ast
import bisect
import io
import os
import re
import string
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib

from django.utils.translation.template import templatize

# msgids are written in English, so the English catalogue is filled from them.
SOURCE_LANGUAGE = "en"
DOMAIN = "django"
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
NPLURALS = 2
TEMPLATE_SUFFIXES = {".html", ".txt"}

# Never ours, or generated: searched neither for templates nor for Python.
SKIP_DIRS = {".git", ".venv", "venv", "site-packages", "var", "staticfiles", "node_modules", "__pycache__"}
# Python that visitors never see, or that runs before translations are set up.
SKIP_PYTHON_DIRS = {"migrations", "tests", "settings"}
SKIP_PYTHON_FILES = {"settings.py", "tests.py", "conftest.py"}

# The parameters of each translation function, by name, in order. Templatized templates call the
# same names, so one table serves both extractors.
_GETTEXT = ("message",)
_PGETTEXT = ("context", "message")
_NGETTEXT = ("singular", "plural", "number")
_NPGETTEXT = ("context", "singular", "plural", "number")
FUNCTIONS = {
    "_": _GETTEXT,
    "gettext": _GETTEXT,
    "gettext_lazy": _GETTEXT,
    "gettext_noop": _GETTEXT,
    "pgettext": _PGETTEXT,
    "pgettext_lazy": _PGETTEXT,
    "ngettext": _NGETTEXT,
    "ngettext_lazy": _NGETTEXT,
    "npgettext": _NPGETTEXT,
    "npgettext_lazy": _NPGETTEXT,
}

# A %-directive as Python's % operator reads it. The space flag is left out on purpose: with it,
# prose such as "50% off" or "50 % rabat" would count as a directive.
_PERCENT_RE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0+\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)
_BRACE_FIELD_RE = re.compile(r"^(?:[A-Za-z_]\w*|\d*)(?:[.\[].*)?$")

# Pieces of templatize() output: the string literals it writes with repr(), the translator
# comments it keeps, and the calls. Everything else it blanks out to letters.
_STRING = r"""[uU]?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_TEMPLATE_TOKEN_RE = re.compile(
    rf"(?P<string>{_STRING})|(?P<comment>\#[^\n]*)|(?<![\w.])(?P<name>npgettext|ngettext|pgettext|gettext|_)\s*\("
)
_TEMPLATE_ARG_RE = re.compile(rf"\s*(?:(?P<string>{_STRING})|[^,()]*)\s*(?P<end>[,)])")


class CatalogueError(Exception):
    """A source file or catalogue that cannot be processed as it is."""


@dataclass
class Message:
    """One translatable string as found in the code, with every place it was found."""

    msgid: str
    msgctxt: str | None = None
    msgid_plural: str = ""
    occurrences: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def flags(self) -> list[str]:
        texts = [self.msgid, self.msgid_plural] if self.msgid_plural else [self.msgid]
        flags = []
        if any(is_python_format(text) for text in texts):
            flags.append("python-format")
        if any(is_brace_format(text) for text in texts):
            flags.append("python-brace-format")
        return flags

    def describe(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        where = f" at {self.occurrences[0][0]}:{self.occurrences[0][1]}" if self.occurrences else ""
        return f"{self.msgid!r}{context}{where}"


@dataclass
class MergeResult:
    """What merge_catalogue changed in one catalogue."""

    path: Path
    added: list[str] = field(default_factory=list)
    obsoleted: list[str] = field(default_factory=list)
    revived: list[str] = field(default_factory=list)
    untranslated: int = 0
    changed: bool = False


# --- placeholders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PercentFormat:
    named: frozenset[tuple[str, str]]
    positional: tuple[str, ...]
    directives: int
    valid: bool


def _percent_format(text: str) -> _PercentFormat:
    named, positional, directives = set(), [], 0
    for match in _PERCENT_RE.finditer(text):
        directives += 1
        if match["conv"] == "%":
            continue
        if match["name"] is not None:
            named.add((match["name"], match["conv"]))
        else:
            positional.append(match["conv"])
    # Any % left once the directives are gone would make the % operator fail.
    valid = "%" not in _PERCENT_RE.sub("", text)
    return _PercentFormat(frozenset(named), tuple(positional), directives, valid)


def _brace_fields(text: str) -> frozenset[str] | None:
    """The replacement fields of a str.format() string, or None when it is not one."""
    fields = []
    try:
        for _literal, name, _spec, _conversion in string.Formatter().parse(text):
            if name is None:
                continue
            if not _BRACE_FIELD_RE.match(name):
                return None
            fields.append(re.split(r"[.\[]", name, maxsplit=1)[0])
    except ValueError:
        return None
    return frozenset(fields) if fields else None


def is_python_format(text: str) -> bool:
    """Whether text reads as a %-format string (templates double every literal % to %%)."""
    info = _percent_format(text)
    return info.valid and info.directives > 0


def is_brace_format(text: str) -> bool:
    """Whether text reads as a str.format() string with at least one field."""
    return _brace_fields(text) is not None


def _describe_percent(info: _PercentFormat) -> str:
    parts = sorted(f"%({name}){conv}" for name, conv in info.named) + [f"%{c}" for c in info.positional]
    return ", ".join(parts) or "none"


def placeholder_problems(entry: polib.POEntry) -> list[str]:
    """Differences between the placeholders of an entry's msgid and its translations."""
    if entry.msgid_plural:
        pairs = [
            (entry.msgid if index == 0 else entry.msgid_plural, text, f"msgstr[{index}]")
            for index, text in sorted(entry.msgstr_plural.items())
        ]
    else:
        pairs = [(entry.msgid, entry.msgstr, "msgstr")]
    problems = []
    for source, translation, label in pairs:
        if not translation:
            continue
        # The singular translation may name the count even when the English singular does not
        # ("One item" / "%(counter)s element"): the plural's placeholders are accepted there too.
        alternatives = [source, entry.msgid_plural] if label == "msgstr[0]" else [source]
        wanted = [_percent_format(text) for text in alternatives]
        got = _percent_format(translation)
        if "python-format" in entry.flags and not got.valid:
            problems.append(f"{label} has a lone % (write %% for a percent sign)")
        elif not any((w.named, w.positional) == (got.named, got.positional) for w in wanted):
            problems.append(
                f"{label} has placeholders {_describe_percent(got)}, msgid has {_describe_percent(wanted[0])}"
            )
        wanted_fields = [_brace_fields(text) for text in alternatives]
        got_fields = _brace_fields(translation)
        if (wanted_fields[0] is not None or got_fields is not None) and got_fields not in wanted_fields:
            problems.append(
                f"{label} has fields {sorted(got_fields or [])}, msgid has {sorted(wanted_fields[0] or [])}"
            )
    return problems


# --- extraction ---------------------------------------------------------------------------------


def _walk(directory: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(name for name in dirnames if name not in SKIP_DIRS)
        for filename in sorted(filenames):
            yield Path(dirpath) / filename


def _is_template(path: Path) -> bool:
    # Only files under a templates/ directory are Django templates: an .html or .txt elsewhere
    # (static files, licences) is not rendered by Django.
    return path.suffix in TEMPLATE_SUFFIXES and "templates" in path.parts[:-1]


def _is_python_source(path: Path) -> bool:
    if path.suffix != ".py" or path.name in SKIP_PYTHON_FILES or path.name.startswith("test_"):
        return False
    return not SKIP_PYTHON_DIRS.intersection(path.parts[:-1])


def find_sources(directories: Iterable[Path | str]) -> list[Path]:
    """Every template and Python file under the given app directories that may hold msgids."""
    sources = []
    for directory in directories:
        directory = Path(directory)
        for path in _walk(directory):
            relative = path.relative_to(directory.parent)
            if _is_template(relative) or _is_python_source(relative):
                sources.append(path)
    return sorted(set(sources))


def _translator_comment(comment_lines: dict[int, str], lineno: int) -> str | None:
    """The "Translators:" comment in the block of comment lines just above lineno, if any."""
    block = []
    line = lineno - 1
    while line in comment_lines:
        block.insert(0, comment_lines[line])
        line -= 1
    for index, text in enumerate(block):
        if text.startswith("Translators"):
            return "\n".join(block[index:])
    return None


class _Collector:
    def __init__(self, root: Path | None):
        self.root = root
        self.messages: dict[tuple[str | None, str], Message] = {}

    def reference(self, path: Path) -> str:
        if self.root is not None:
            try:
                return path.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                pass
        return path.as_posix()

    def add(self, function: str, args: dict[str, str], reference: str, lineno: int, comment: str | None):
        params = FUNCTIONS[function]
        msgid = args.get("message", args.get("singular"))
        # A call whose text is not a literal (a variable, an f-string) is looked up at run time
        # and has nothing to extract.
        if not msgid or any(name not in args for name in params if name != "number"):
            return
        message = Message(msgid=msgid, msgctxt=args.get("context"), msgid_plural=args.get("plural", ""))
        known = self.messages.setdefault(message.key, message)
        if known.msgid_plural != message.msgid_plural:
            # gettext keeps one entry per msgid: a plain and a plural lookup, or two plurals, of the
            # same text cannot both be translated. A context tells them apart.
            raise CatalogueError(
                f"{reference}:{lineno}: {msgid!r} is used with plural {message.msgid_plural!r} here "
                f"and with plural {known.msgid_plural!r} at {known.occurrences[0][0]}:"
                f"{known.occurrences[0][1]}; give one of them a context"
            )
        if (reference, lineno) not in known.occurrences:
            known.occurrences.append((reference, lineno))
        if comment and comment not in known.comments:
            known.comments.append(comment)

    def python(self, path: Path) -> None:
        reference = self.reference(path)
        source = path.read_text(encoding="utf-8")
        try:
            tree = ast.parse(source, filename=str(path))
        except SyntaxError as error:
            raise CatalogueError(f"{reference}: {error}") from error
        comment_lines = {}
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT and token.line.strip().startswith("#"):
                comment_lines[token.start[0]] = token.string.lstrip("#").strip()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Name):
                function = node.func.id
            elif isinstance(node.func, ast.Attribute) and node.func.attr != "_":
                function = node.func.attr  # translation.gettext(...)
            else:
                continue
            if function not in FUNCTIONS:
                continue
            params = FUNCTIONS[function]
            args = {}
            bound = list(zip(params, node.args, strict=False)) + [
                (keyword.arg, keyword.value) for keyword in node.keywords if keyword.arg in params
            ]
            for name, value in bound:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    args[name] = value.value
            self.add(function, args, reference, node.lineno, _translator_comment(comment_lines, node.lineno))

    def template(self, path: Path) -> None:
        reference = self.reference(path)
        source = path.read_text(encoding="utf-8")
        try:
            code = templatize(source, origin=reference)
        except SyntaxError as error:
            raise CatalogueError(f"{reference}: {error}") from error
        # templatize() keeps line breaks in place, so line numbers in its output are the template's.
        newlines = [match.start() for match in re.finditer("\n", code)]

        def line_at(offset: int) -> int:
            return bisect.bisect_left(newlines, offset) + 1

        comment_lines = {}
        position = 0
        while match := _TEMPLATE_TOKEN_RE.search(code, position):
            position = match.end()
            if match["comment"]:
                comment_lines[line_at(match.start())] = match["comment"].lstrip("#").strip()
            elif match["name"]:
                values = []
                while arg := _TEMPLATE_ARG_RE.match(code, position):
                    position = arg.end()
                    if arg["string"] is None:
                        break
                    values.append(ast.literal_eval(arg["string"]))
                    if arg["end"] == ")":
                        break
                function, line = match["name"], line_at(match.start())
                args = dict(zip(FUNCTIONS[function], values, strict=False))
                self.add(function, args, reference, line, _translator_comment(comment_lines, line))


def extract_messages(paths: Iterable[Path | str], root: Path | str | None = None) -> dict:
    """Collect the msgids used in the given files (directories are searched with find_sources).

    Returns {(msgctxt, msgid): Message}. Source references are made relative to root when given.
    """
    collector = _Collector(Path(root) if root is not None else None)
    files = []
    for path in map(Path, paths):
        files.extend(find_sources([path]) if path.is_dir() else [path])
    for path in files:
        if path.suffix == ".py":
            collector.python(path)
        elif path.suffix in TEMPLATE_SUFFIXES:
            collector.template(path)
        else:
            raise CatalogueError(f"{path}: neither a template nor a Python file")
    for message in collector.messages.values():
        message.occurrences.sort()
    return collector.messages


# --- catalogues ---------------------------------------------------------------------------------


def catalogue_path(locale_dir: Path | str, language: str) -> Path:
    return Path(locale_dir) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _header(language: str) -> str:
    name = {"da": "Danish", "en": "English"}.get(language, language)
    return (
        f"{name} translations of the Innovatarium interface.\n"
        "Maintained by `manage.py update_catalogues`: edit msgstr lines and comments only."
    )


def _set_metadata(po: polib.POFile, language: str) -> None:
    if not po.header:
        po.header = _header(language)
    po.metadata.setdefault("Project-Id-Version", "Innovatarium")
    po.metadata.update(
        {
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": PLURAL_FORMS,
        }
    )


def _entry_sort_key(entry: polib.POEntry) -> tuple:
    return (entry.msgid.casefold(), entry.msgid, entry.msgctxt or "")


def _has_translation(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def _is_complete(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return len(entry.msgstr_plural) >= NPLURALS and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _update_entry(entry: polib.POEntry, message: Message, is_source: bool) -> None:
    entry.occurrences = [(path, str(line)) for path, line in message.occurrences]
    entry.comment = "\n".join(message.comments)
    managed = {"python-format", "python-brace-format"}
    # Flags a translator set by hand (fuzzy, no-python-format) stay; the format flags follow the msgid.
    kept = [flag for flag in entry.flags if flag not in managed]
    vetoed = {flag[len("no-") :] for flag in kept if flag.startswith("no-")}
    entry.flags = kept + [flag for flag in message.flags if flag not in vetoed]

    if message.msgid_plural and not entry.msgid_plural:
        # The msgid became plural: the old translation is a good start for the singular form,
        # but someone has to look at it.
        entry.msgstr_plural = {0: entry.msgstr} if entry.msgstr else {}
        if entry.msgstr and not is_source:
            entry.fuzzy = True
        entry.msgstr = ""
    elif not message.msgid_plural and entry.msgid_plural:
        entry.msgstr = entry.msgstr_plural.get(0, "")
        entry.msgstr_plural = {}
        if entry.msgstr and not is_source:
            entry.fuzzy = True
    entry.msgid_plural = message.msgid_plural
    if message.msgid_plural:
        for index in range(NPLURALS):
            entry.msgstr_plural.setdefault(index, "")

    if is_source:
        if message.msgid_plural:
            for index in range(NPLURALS):
                if not entry.msgstr_plural[index]:
                    entry.msgstr_plural[index] = message.msgid if index == 0 else message.msgid_plural
        elif not entry.msgstr:
            entry.msgstr = message.msgid


def _load(path: Path) -> polib.POFile:
    if path.exists():
        try:
            return polib.pofile(str(path), encoding="utf-8", wrapwidth=78)
        except (OSError, ValueError) as error:
            raise CatalogueError(f"{path}: {error}") from error
    return polib.POFile(encoding="utf-8", wrapwidth=78)


def merge_catalogue(
    po_path: Path | str,
    messages: dict,
    language: str,
    *,
    source_language: str = SOURCE_LANGUAGE,
    write: bool = True,
) -> MergeResult:
    """Bring the catalogue at po_path in line with messages, keeping every existing translation.

    New msgids are added (filled with the msgid itself in the source language, empty otherwise),
    msgids no longer in the code become obsolete (#~) so their translation can come back, and
    obsolete entries that were never translated are dropped. The file is only rewritten when its
    text changes, so an unchanged catalogue does not trigger a recompile.
    """
    po_path = Path(po_path)
    po = _load(po_path)
    _set_metadata(po, language)
    is_source = language == source_language
    result = MergeResult(path=po_path)

    existing: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in po:
        # An active entry wins over an obsolete copy of the same msgid.
        if entry.obsolete and (entry.msgctxt, entry.msgid) in existing:
            continue
        existing[(entry.msgctxt, entry.msgid)] = entry

    active, obsolete = [], []
    for key, message in messages.items():
        entry = existing.pop(key, None)
        if entry is None:
            entry = polib.POEntry(msgid=message.msgid, msgctxt=message.msgctxt, msgstr="")
            result.added.append(message.msgid)
        elif entry.obsolete:
            entry.obsolete = False
            result.revived.append(message.msgid)
        _update_entry(entry, message, is_source)
        active.append(entry)
        if not _is_complete(entry) or entry.fuzzy:
            result.untranslated += 1
    for entry in existing.values():
        if not _has_translation(entry):
            continue  # nothing worth keeping
        if not entry.obsolete:
            result.obsoleted.append(entry.msgid)
        entry.obsolete = True
        entry.occurrences = []
        entry.comment = ""
        obsolete.append(entry)

    po[:] = sorted(active, key=_entry_sort_key) + sorted(obsolete, key=_entry_sort_key)
    text = str(po)
    old_text = po_path.read_text(encoding="utf-8") if po_path.exists() else None
    result.changed = text != old_text
    if write and result.changed:
        po_path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(po_path, text.encode("utf-8"))
    return result


def check_catalogues(
    messages: dict,
    locale_dir: Path | str,
    languages: Iterable[str],
    *,
    source_language: str = SOURCE_LANGUAGE,
) -> list[str]:
    """Every problem that keeps the catalogues from matching the code, as readable lines.

    A msgid missing from a catalogue, a translation that is empty or fuzzy (outside the source
    language) and placeholders that differ between msgid and msgstr are problems.
    """
    problems = []
    for language in languages:
        path = catalogue_path(locale_dir, language)
        if not path.exists():
            problems.append(f"{language}: {path} does not exist; run `manage.py update_catalogues`")
            continue
        po = _load(path)
        if po.metadata.get("Plural-Forms") != PLURAL_FORMS:
            problems.append(f"{language}: Plural-Forms header should be {PLURAL_FORMS!r}")
        entries = {(entry.msgctxt, entry.msgid): entry for entry in po if not entry.obsolete}
        for key, message in sorted(messages.items(), key=lambda item: (item[0][1], item[0][0] or "")):
            entry = entries.get(key)
            if entry is None:
                problems.append(f"{language}: {message.describe()} is missing; run update_catalogues")
                continue
            if entry.msgid_plural != message.msgid_plural:
                problems.append(f"{language}: {message.describe()} changed its plural; run update_catalogues")
                continue
            if language != source_language:
                if entry.fuzzy:
                    problems.append(f"{language}: {message.describe()} is fuzzy; check and unmark it")
                elif not _is_complete(entry):
                    problems.append(f"{language}: {message.describe()} has no translation")
            problems.extend(
                f"{language}: {message.describe()}: {problem}" for problem in placeholder_problems(entry)
            )
    return problems


# --- compilation --------------------------------------------------------------------------------


def _write_atomically(path: Path, data: bytes) -> None:
    # A running server may read the file at any time: it must see the old or the new one, whole.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def compile_catalogue(po_path: Path | str, mo_path: Path | str | None = None, *, force: bool = False) -> bool:
    """Write the .mo beside po_path (or at mo_path) when the .po is newer; return whether it did.

    Fuzzy, obsolete and untranslated entries are left out, so gettext falls back to the msgid for
    them instead of showing a guess or an empty string.
    """
    po_path = Path(po_path)
    mo_path = Path(mo_path) if mo_path is not None else po_path.with_suffix(".mo")
    if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    po = _load(po_path)
    mo = polib.MOFile(encoding="utf-8")
    mo.metadata = dict(po.metadata)
    for entry in po:
        if entry.obsolete or entry.fuzzy or not _is_complete(entry):
            continue
        mo.append(
            polib.MOEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                msgstr=entry.msgstr,
                msgid_plural=entry.msgid_plural,
                msgstr_plural=dict(entry.msgstr_plural),
            )
        )
    _write_atomically(mo_path, mo.to_binary())
    return True


def compile_catalogues(locale_dir: Path | str, *, force: bool = False) -> list[Path]:
    """Compile every locale_dir/*/LC_MESSAGES/*.po that changed; return the .po files compiled."""
    return [
        po_path
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po"))
        if compile_catalogue(po_path, force=force)
    ]
