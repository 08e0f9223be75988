"""A mail server stand-in for processes under test: each message becomes one file in a folder.

It can be told to hang, like a mail server that stops answering: the first send that finds a file
`hang` in the folder renames it to `hanging`, then waits as many seconds as the file says before it
delivers. A test uses that to restart the database, or kill the worker, while an e-mail is being sent.
"""

import os
import time
import uuid
from email import message_from_bytes
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class MailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(settings.TEST_MAILBOX)
        for message in email_messages:
            hang_for = self._hang(folder)
            if hang_for:
                time.sleep(hang_for)
            name = f"{time.time_ns()}-{uuid.uuid4().hex}"
            temporary = folder / f".{name}.tmp"
            temporary.write_bytes(message.message().as_bytes())
            os.replace(temporary, folder / f"{name}.eml")  # whole messages only, never half a file
        return len(email_messages)

    @staticmethod
    def _hang(folder: Path) -> float:
        try:
            os.rename(folder / "hang", folder / "hanging")
        except FileNotFoundError:
            return 0.0
        return float((folder / "hanging").read_text() or 0)


def delivered(folder: Path) -> list[str]:
    """The recipients of every delivered message, one entry per message."""
    return [message_from_bytes(path.read_bytes())["To"] for path in sorted(folder.glob("*.eml"))]
