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

    def handle(self, *args, verbosity=1, **options):
        for po_path in sorted(
            path for folder in settings.LOCALE_PATHS for path in Path(folder).glob("*/*/*.po")
        ):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            # A running server may read the .mo at any moment and sees the old file or the new one, whole;
            # two compiles at once (make run beside make test) each write a temporary file of their own.
            temporary = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(polib.pofile(str(po_path)).to_binary())
            os.replace(temporary, mo_path)
            if verbosity:
                self.stdout.write(f"Compiled {po_path}")
