"""Logging filters that keep personal data out of the logs: signed link tokens and tracebacks.

Signed link tokens:

A signed link (django.core.signing: `value:signature`, or `value:timestamp:signature`) is the whole
key to what it opens, e.g. a registration. Django logs the path of every answer of 400 or more
("Not Found: /min-tilmelding/<token>/", "Gone: …", "Internal Server Error: …") and runserver logs
every request, so this filter replaces any such token in a log line with "[token]". The reverse
proxy's access log needs the same treatment: see docs/operations.md.
"""

import logging
import re

from core.admin_paths import is_admin_request

# A path segment holding a signed value: something, a ":" (or "%3A"), and a 43-character
# URL-safe base64 HMAC-SHA256 signature, Django's signing format.
SIGNED_TOKEN = re.compile(
    r"[^/\s?#:%]+(?:(?::|%3A)[^/\s?#:%]+)*(?::|%3A)[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])", re.I
)


def redact(text: str) -> str:
    return SIGNED_TOKEN.sub("[token]", text)


class RedactSignedTokens(logging.Filter):
    """Rewrites a record's message with tokens replaced; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class WithoutTraceback(logging.Filter):
    """Drops the traceback from a record and keeps its message.

    The task library logs a failed task with its traceback, and an e-mail's traceback can quote the
    address (an SMTP refusal names it). The traceback is kept on the task's row, where staff see it
    only with the right permission (core.tasks.error_of); the log keeps the task's id and path.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


class WithoutAutosaveRefusals(logging.Filter):
    """Drops Django's "Bad Request" warning for the admin's autosave posts that are not valid yet.

    Wagtail saves a page in the background while the editor types (WAGTAIL_AUTOSAVE_INTERVAL); until
    the form is valid each such post is answered 400 with a JSON body the editor's page reads, and
    Django logs every one as a warning, which buried real bad requests in the operators' log. Only
    answers to the admin's JSON posts are dropped; a visitor's bad request is still logged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if getattr(record, "status_code", None) != 400 or request is None:
            return True
        autosave = request.method == "POST" and not request.accepts("text/html")
        return not (autosave and is_admin_request(request))
