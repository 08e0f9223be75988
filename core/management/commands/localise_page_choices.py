"""Make every page name the venues, themes, people … of its own language (once, after upgrading).

Safe to run again: a page that already names only its own language's snippets is left alone.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Page

from core.localised_choices import localise_page, snippet_fields


class Command(BaseCommand):
    help = (
        "Point every page's venues, themes, professions, target groups, people and organisations at "
        "their translations in the page's language."
    )

    def handle(self, *args, **options):
        fixed = 0
        for page in Page.objects.specific().iterator():
            if not snippet_fields(type(page)):
                continue
            with transaction.atomic():
                fixed += localise_page(page)
        if fixed or options["verbosity"] > 1:
            self.stdout.write(f"Pages now naming snippets in their own language: {fixed}.")
