"""Django's makemessages with this project's options, and a --check that the catalogues are complete."""

import os
import re
import shutil
import subprocess
import tempfile
from contextlib import chdir
from pathlib import Path

import polib

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands import makemessages
from django.test.utils import override_settings

# Directories without visitor-facing strings (makemessages itself skips hidden ones such as .venv and .git).
IGNORED = ["bench", "migrations", "node_modules", "scripts", "staticfiles", "tests", "var"]
# The msgids are English, and an empty msgstr shows the msgid: only the other languages must be filled in.
SOURCE_LANGUAGE = "en"


class Command(makemessages.Command):
    help = (
        "Update locale/<language>/LC_MESSAGES/django.po for every language in LANGUAGES from the "
        "templates and Python code, with GNU gettext. With --check, change nothing and fail when a "
        "catalogue is out of date, a translation is missing or fuzzy, or its placeholders differ."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--check", action="store_true", help="Change nothing; list every problem.")

    def handle(self, *args, check=False, **options):
        missing = [name for name in ("xgettext", "msgmerge", "msgfmt") if shutil.which(name) is None]
        if missing:
            raise CommandError(
                f"GNU gettext is needed to update or check the message catalogues ({', '.join(missing)} "
                "not found). Install it with `sudo apt-get install gettext` (Debian, Ubuntu) or "
                "`brew install gettext` (macOS). Running the site does not need it."
            )
        if check:
            return self.check_catalogues(options["verbosity"])
        if not (options["locale"] or options["exclude"] or options["all"]):
            options["locale"] = [code for code, _name in settings.LANGUAGES]
        options["ignore_patterns"] = [*options["ignore_patterns"], *IGNORED]
        # File names without line numbers: a string that moves within its file changes no catalogue.
        options["add_location"] = options["add_location"] or "file"
        # Strings gone from the code leave the catalogues; git keeps their translations.
        options["no_obsolete"] = True
        super().handle(*args, **options)

    def write_po_file(self, potfile, locale):
        super().write_po_file(potfile, locale)
        # msgmerge stamps each run with the time; without it an update that finds nothing new changes nothing.
        po_path = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
        stamp = re.compile(r'^"POT-Creation-Date: .*\n', flags=re.MULTILINE)
        po_path.write_text(stamp.sub("", po_path.read_text(encoding="utf-8")), encoding="utf-8")

    def check_catalogues(self, verbosity):
        base_dir, locale_dir = Path(settings.BASE_DIR), Path(settings.LOCALE_PATHS[0])
        languages = [code for code, _name in settings.LANGUAGES]
        with tempfile.TemporaryDirectory() as temporary:
            # makemessages writes into the tree it reads (a .py beside each template, then the .po
            # files), so it runs on a copy: the check leaves the working tree alone.
            copy = Path(temporary) / "src"
            shutil.copytree(base_dir, copy, ignore=shutil.ignore_patterns(".*", "__pycache__", *IGNORED))
            with override_settings(LOCALE_PATHS=[copy / locale_dir.relative_to(base_dir)]), chdir(copy):
                call_command(Command(), locale=languages, verbosity=0)
            with chdir(base_dir):
                problems = [problem for code in languages for problem in _problems(code, locale_dir, copy)]
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                f"{len(problems)} catalogue problem(s). Run `make messages`, then translate the entries "
                "that are empty or marked fuzzy (see docs/translations.md)."
            )
        if verbosity:
            self.stdout.write(f"The catalogues are up to date and complete: {', '.join(languages)}.")


def _problems(language, locale_dir, copy):
    """What keeps one catalogue from matching the code, fully translated, with the msgids' placeholders."""
    po_path = (locale_dir / language / "LC_MESSAGES" / "django.po").relative_to(settings.BASE_DIR)
    committed, regenerated = _entries(po_path), _entries(copy / po_path)
    for key in sorted(regenerated.keys() - committed.keys(), key=str):
        yield f"{po_path}: {_describe(regenerated[key])} is not in the catalogue"
    for key in sorted(committed.keys() - regenerated.keys(), key=str):
        yield f"{po_path}: {_describe(committed[key])} is no longer in the code"
    for entry in committed.values():
        if entry.fuzzy:
            yield f"{po_path}: {_describe(entry)} is fuzzy"
        elif not entry.translated() and language != SOURCE_LANGUAGE:
            yield f"{po_path}: {_describe(entry)} has no translation"
    # msgfmt compares the %-placeholders and {} fields of each translation with its msgid's.
    msgfmt = [shutil.which("msgfmt"), "--check-format", f"--output-file={os.devnull}", str(po_path)]
    result = subprocess.run(msgfmt, capture_output=True, text=True)  # noqa: S603 -- our own catalogue
    lines = result.stderr.strip().splitlines() if result.returncode else []
    yield from [line for line in lines if line.startswith(f"{po_path}:")] or lines  # without msgfmt's tally


def _entries(po_path):
    po = polib.pofile(str(po_path)) if po_path.exists() else []
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural): entry for entry in po if not entry.obsolete}


def _describe(entry):
    context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
    return f"{entry.msgid!r}{context}" + (f" from {entry.occurrences[0][0]}" if entry.occurrences else "")
