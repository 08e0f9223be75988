"""Extract the msgids from the project's templates and Python code and merge them into the catalogues."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from innovatarium.catalogues import (
    SKIP_DIRS,
    SOURCE_LANGUAGE,
    CatalogueError,
    catalogue_path,
    check_catalogues,
    extract_messages,
    find_sources,
    merge_catalogue,
)


def project_app_dirs() -> list[Path]:
    """The directories of the installed apps that belong to this project rather than to a package."""
    base_dir = Path(settings.BASE_DIR).resolve()
    dirs = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        # Packages installed into a virtualenv inside the project are not the project's own.
        if path.is_relative_to(base_dir) and not SKIP_DIRS.intersection(path.relative_to(base_dir).parts):
            dirs.append(path)
    return sorted(dirs)


class Command(BaseCommand):
    help = (
        "Extract translatable strings from the project's templates and Python files (no xgettext) "
        "and merge them into locale/<language>/LC_MESSAGES/django.po, keeping existing translations. "
        "With --check, write nothing and fail if a catalogue is out of date or a Danish string "
        "is untranslated."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit non-zero listing every missing, untranslated or fuzzy entry.",
        )

    def handle(self, *args, check=False, **options):
        base_dir = Path(settings.BASE_DIR)
        locale_dir = Path(settings.LOCALE_PATHS[0])
        languages = [code for code, _name in settings.LANGUAGES]
        try:
            messages = extract_messages(find_sources(project_app_dirs()), root=base_dir)
            if check:
                problems = check_catalogues(messages, locale_dir, languages, source_language=SOURCE_LANGUAGE)
            else:
                results = [
                    merge_catalogue(catalogue_path(locale_dir, language), messages, language)
                    for language in languages
                ]
        except CatalogueError as error:
            raise CommandError(str(error)) from error

        if check:
            for problem in problems:
                self.stderr.write(problem)
            if problems:
                raise CommandError(f"{len(problems)} catalogue problem(s) for {len(messages)} msgids.")
            self.stdout.write(f"Catalogues are complete: {len(messages)} msgids in {', '.join(languages)}.")
            return

        for result in results:
            path = result.path.relative_to(base_dir) if result.path.is_relative_to(base_dir) else result.path
            summary = (
                f"{path}: {len(result.added)} added, {len(result.obsoleted)} obsolete, "
                f"{len(result.revived)} revived, {result.untranslated} to translate"
            )
            if not result.changed:
                summary = f"{path}: unchanged, {result.untranslated} to translate"
            self.stdout.write(summary)
