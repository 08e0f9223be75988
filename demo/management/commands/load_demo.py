"""manage.py load_demo: build the bilingual demo site from demo/data/ when the site has no pages."""

from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Build the demo site (Danish, with synced English translations) if the page tree is empty."

    def handle(self, *args, **options):
        if load_demo():
            self.stdout.write(self.style.SUCCESS("Demo content created in Danish and English."))
        else:
            self.stdout.write("The site has pages already; demo content left as it is.")
