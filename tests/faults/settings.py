"""Production settings for the processes the fault tests start, with a mailbox instead of SMTP and a
worker heartbeat measured in fractions of a second instead of ten seconds."""

import os

from innovatarium.settings.production import *  # noqa: F403

EMAIL_BACKEND = "tests.faults.mailbox.MailboxBackend"
TEST_MAILBOX = os.environ.get("TEST_MAILBOX", "")
TASK_WORKER_HEARTBEAT_SECONDS = 0.5
TASK_WORKER_STALE_SECONDS = 3
LISTINGS_API_RATE_LIMIT = int(os.environ.get("LISTINGS_API_RATE_LIMIT", "120"))
LISTINGS_API_RATE_WINDOW = int(os.environ.get("LISTINGS_API_RATE_WINDOW", "60"))
