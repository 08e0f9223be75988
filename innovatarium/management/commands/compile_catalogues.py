"""Compile the .po catalogues to .mo with polib, so running the site needs no GNU gettext."""

import os
from pathlib import Path

import polib

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Compile every locale/*/LC_MESSAGES/*.po that is newer than its .mo. Fuzzy and untranslated "
        "entries are left out, so gettext shows the English msgid for them."
    )
    # Runs before every `make run`: the system checks would only slow it down.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile every catalogue, changed or not.")

    def handle(self, *args, force=False, verbosity=1, **options):
        for po_path in sorted(
            path for locale_dir in settings.LOCALE_PATHS for path in Path(locale_dir).glob("*/*/*.po")
        ):
            mo_path = po_path.with_suffix(".mo")
            if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            # A running server may read the .mo at any moment: it sees the old file or the new one, whole.
            temporary = mo_path.with_name(f".{mo_path.name}.tmp")
            temporary.write_bytes(polib.pofile(str(po_path)).to_binary())
            os.replace(temporary, mo_path)
            if verbosity:
                self.stdout.write(f"Compiled {po_path}")
