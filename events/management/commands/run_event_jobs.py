"""manage.py run_event_jobs: the events app's scheduled work, then the jobs other apps register
(events/extensions.py); run it from cron every 15 minutes."""

from django.core.management.base import BaseCommand

from events.extensions import run_scheduled_jobs
from events.retention import apply_retention, send_reminders
from events.services import expire_offers


class Command(BaseCommand):
    help = (
        "Expire seat offers, send reminders and apply the retention rules for personal data, then run "
        "the scheduled jobs of other apps (such as payment reminders)."
    )

    def handle(self, *args, **options):
        expired = expire_offers()
        reminded = send_reminders()
        retained = apply_retention()
        self.stdout.write(
            f"Expired offers: {expired}. Reminders sent: {reminded}. Notes cleared: {retained['notes']}, "
            f"people anonymised: {retained['people']}, invoice details cleared: {retained['invoices']}."
        )
        for report in run_scheduled_jobs():
            self.stdout.write(report)
