"""manage.py load_demo: create the bilingual demo site when the database has none."""

from django.core.management.base import BaseCommand

from home.demo import load_demo_content


class Command(BaseCommand):
    help = "Create bilingual demo content (Danish with English translations) if no home page exists."

    def handle(self, *args, **options):
        if load_demo_content():
            self.stdout.write(self.style.SUCCESS("Demo content created in Danish and English."))
        else:
            self.stdout.write("A home page exists already; demo content left as it is.")
