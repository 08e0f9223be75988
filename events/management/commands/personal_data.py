"""manage.py personal_data export|erase EMAIL: answer a data subject's request without a developer."""

import json

from django.core.management.base import BaseCommand

from events.retention import erase_personal_data, export_personal_data


class Command(BaseCommand):
    help = "Export (as JSON) or erase everything stored about one e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")

    def handle(self, *args, action, email, **options):
        if action == "export":
            self.stdout.write(json.dumps(export_personal_data(email), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"Anonymised registrations: {erase_personal_data(email)}")
