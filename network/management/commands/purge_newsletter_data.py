"""manage.py purge_newsletter_data: the newsletter's retention rules; run it from cron once a day."""

from django.core.management.base import BaseCommand

from network.newsletter import purge_newsletter_data


class Command(BaseCommand):
    help = "Delete unconfirmed sign-ups whose link has expired and addresses unsubscribed over 30 days ago."

    def handle(self, *args, **options):
        purged = purge_newsletter_data()
        self.stdout.write(
            f"Expired sign-ups deleted: {purged['pending']}. "
            f"Withdrawn addresses deleted: {purged['unsubscribed']}."
        )
