"""manage.py personal_data export|erase EMAIL: answer a data subject's request without a developer."""

import json

from django.core.management.base import BaseCommand
from django.utils import translation

from core.personal_data import erase_personal_data, erased_summary, export_personal_data


class Command(BaseCommand):
    help = (
        "Export (as JSON) or erase everything stored about one e-mail address, in every app that"
        " registers personal data."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")

    def handle(self, *args, action, email, **options):
        if action == "export":
            self.stdout.write(json.dumps(export_personal_data(email), ensure_ascii=False, indent=2))
            return
        counts = erase_personal_data(email)
        # Operators read this in the terminal; the admin page says the same in the user's language.
        with translation.override("en"):
            self.stdout.write("\n".join(erased_summary(counts)))
