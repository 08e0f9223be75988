"""manage.py send_networking_lists: after each event, e-mail the consenting participants' list, once."""

from django.core.management.base import BaseCommand

from network.participants import send_networking_lists


class Command(BaseCommand):
    help = "Queue the networking list for consenting participants of events that ended in the last 14 days."

    def handle(self, *args, **options):
        self.stdout.write(f"Networking lists queued: {send_networking_lists()}.")
