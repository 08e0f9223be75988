"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib, so no GNU gettext is needed."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from innovatarium.catalogues import CatalogueError, compile_catalogues


class Command(BaseCommand):
    help = (
        "Compile the project's .po catalogues to .mo, leaving out fuzzy and obsolete entries. "
        "Only catalogues whose .po is newer than their .mo are compiled, so it is cheap to run often."
    )
    # Runs before every `make run`: the system checks would only slow it down.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile every catalogue, changed or not.")

    def handle(self, *args, force=False, verbosity=1, **options):
        for locale_dir in map(Path, settings.LOCALE_PATHS):
            try:
                compiled = compile_catalogues(locale_dir, force=force)
            except CatalogueError as error:
                raise CommandError(str(error)) from error
            for po_path in compiled:
                base_dir = Path(settings.BASE_DIR)
                shown = po_path.relative_to(base_dir) if po_path.is_relative_to(base_dir) else po_path
                if verbosity >= 1:
                    self.stdout.write(f"Compiled {shown}")
