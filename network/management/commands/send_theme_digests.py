"""manage.py send_theme_digests: queue each subscriber's digest of new events and resources.

Idempotent: every item goes to a subscriber once, and an empty digest is not sent, so it is safe
to run as often as the schedule likes (daily is the intended rhythm; see docs/operations.md).
"""

from django.core.management.base import BaseCommand

from network.digests import subscribers_to_digest
from network.tasks import send_digest


class Command(BaseCommand):
    help = "Queue a digest of new events and resources for every subscriber with something new."

    def handle(self, *args, **options):
        subscriber_ids = list(subscribers_to_digest().values_list("pk", flat=True))
        for subscriber_id in subscriber_ids:
            send_digest.enqueue(subscriber_id)
        self.stdout.write(f"Digests queued for {len(subscriber_ids)} subscribers.")
