"""Background work that survives faults: the rules the task worker (core/worker.py) applies.

- E-mail tasks (`email_task`) are tried again with backoff while the mail server does not take the
  message, then wait for staff in the admin ("Failed e-mails") with the error and a resend action.
- A worker says it is alive from a heartbeat thread; the tasks a silent (dead) worker left running
  go back to the queue.
- Any task whose database connection was lost (a restart, a failover) simply runs again.

The queue is django_tasks_db's table; whether an e-mail went out is recorded on its row (SUCCESSFUL),
written by the worker right after the send and held on to until the database takes it.
"""

import datetime as dt
import logging
import os
import smtplib
import socket
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django_tasks.base import DEFAULT_TASK_PRIORITY, DEFAULT_TASK_QUEUE_NAME, Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.functional import Promise

from core.models import FailedEmail, TaskWorker

logger = logging.getLogger(__name__)

# Errors of a database connection that went away; the worker outlives them (core/worker.py).
DATABASE_ERRORS = (OperationalError, InterfaceError)

# Seconds before each further try of an e-mail the mail server did not take: 1 minute, 5 minutes,
# 30 minutes, 2 hours, 6 hours. Six tries over more than eight hours outlast a night's outage;
# a seat offer (48 hours to answer) still arrives in time.
EMAIL_RETRY_SECONDS = (60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600)
# Other tasks run again only when their worker or their database connection was lost, at most so often.
MAX_TRIES = 3
# A worker beats this often, and counts as dead after this long without a beat: six missed beats.
HEARTBEAT_SECONDS = 10
STALE_SECONDS = 60
# A task ready this long without being picked up means no worker is keeping up (/healthz).
WAITING_ALERT_SECONDS = 300


def _setting(name: str, default):
    return getattr(settings, name, default)


def heartbeat_seconds() -> float:
    return float(_setting("TASK_WORKER_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS))


def stale_seconds() -> float:
    return float(_setting("TASK_WORKER_STALE_SECONDS", STALE_SECONDS))


def email_retry_seconds() -> tuple[int, ...]:
    return tuple(_setting("EMAIL_RETRY_SECONDS", EMAIL_RETRY_SECONDS))


# E-mail tasks ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailTask(Task):
    """A task that sends one e-mail, with what staff need to see when it fails for good."""

    label: Promise | str
    # The address it goes to, from the task's arguments (None when it is gone, e.g. erased).
    recipient: Callable[..., str | None]
    # Who may see that address in the list of failed e-mails: the permission over the data it is in.
    recipient_permission: str


# Every e-mail task by its module path: filled when the apps' tasks modules are imported, which
# core's AppConfig does at start-up, so every process knows them all.
EMAIL_TASKS: dict[str, EmailTask] = {}


def email_task(*, label: Promise | str, recipient: Callable[..., str | None], recipient_permission: str):
    """Decorate a task function that sends one e-mail, instead of django_tasks' `@task()`.

    While the mail server cannot be reached or answers "try later" (4xx), the worker tries it again
    after each of EMAIL_RETRY_SECONDS; after the last try, or on a refusal (5xx) or a fault in the
    code, it is failed and listed for staff.
    """

    def decorator(function) -> EmailTask:
        email = EmailTask(
            func=function,
            label=label,
            recipient=recipient,
            recipient_permission=recipient_permission,
            priority=DEFAULT_TASK_PRIORITY,
            backend=DEFAULT_TASK_BACKEND_ALIAS,
            queue_name=DEFAULT_TASK_QUEUE_NAME,
            run_after=None,
            takes_context=False,
        )
        EMAIL_TASKS[email.module_path] = email
        return email

    return decorator


def mail_server_failed(error: BaseException) -> bool:
    """True when the mail server did not take the message but may later: it could not be reached,
    timed out, dropped the connection or answered with a temporary (4xx) code."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    # Every other SMTP error, refused connections, timeouts and unknown hosts are OSErrors.
    return isinstance(error, OSError)


def database_lost(error: BaseException) -> bool:
    """True when the error came from losing the database connection (the server restarted or went
    away), not from a query that failed on a working connection, which would fail again."""
    if not isinstance(error, DATABASE_ERRORS):
        return False
    return connection.connection is None or not connection.is_usable()


def max_tries(task: Task | None) -> int:
    return len(email_retry_seconds()) + 1 if isinstance(task, EmailTask) else MAX_TRIES


def seconds_until_next_try(task: Task | None, tries: int, error: BaseException) -> int | None:
    """How long until a task that failed with `error` on its try number `tries` runs again, or None
    when it has failed for good."""
    if tries >= max_tries(task):
        return None
    if database_lost(error):
        return 0
    if isinstance(task, EmailTask) and mail_server_failed(error):
        return email_retry_seconds()[tries - 1]
    return None


def retry_later(result: DBTaskResult, error: BaseException, seconds: int) -> None:
    """Put a failed try back in the queue; its error stays on the row (as the library records a
    failure) until the next try."""
    result.status = TaskResultStatus.READY
    result.run_after = timezone.now() + dt.timedelta(seconds=seconds)
    result.exception_class_path = f"{type(error).__module__}.{type(error).__qualname__}"
    result.traceback = "".join(traceback.format_exception(error))
    result.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])


def task_of(result: DBTaskResult) -> Task | None:
    """The task a row runs, or None when its code is gone (renamed or removed since it was queued)."""
    try:
        return result.task
    except Exception:  # ImportError, or a path that is not a task (SuspiciousOperation)
        return None


# Workers and the tasks they leave behind ----------------------------------------------------------


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped (killed, crashed) while running it too often."""


def record_heartbeat(worker_id: str) -> None:
    """Say that this worker process is alive, on the database's clock."""
    if TaskWorker.objects.filter(pk=worker_id).update(seen_at=Now()):
        return
    try:
        with transaction.atomic():
            TaskWorker.objects.create(
                worker_id=worker_id,
                hostname=socket.gethostname(),
                pid=os.getpid(),
                started_at=Now(),
                seen_at=Now(),
            )
    except IntegrityError:
        pass  # the worker's other thread was first


def forget_worker(worker_id: str) -> None:
    """A worker that stops cleanly has finished its tasks: nothing of it needs to be remembered."""
    TaskWorker.objects.filter(pk=worker_id).delete()


def _stale_before():
    return Now() - dt.timedelta(seconds=stale_seconds())


def live_worker_ids() -> set[str]:
    return set(TaskWorker.objects.filter(seen_at__gte=_stale_before()).values_list("worker_id", flat=True))


def requeue_abandoned_tasks() -> int:
    """Hand back the tasks left running by workers that stopped beating; how many were handed back.

    A task is abandoned when the worker that claimed it last has not beaten for STALE_SECONDS (its
    row is missing or old) and it started longer ago than that. A slow task is not abandoned: its
    worker keeps beating from its own thread. A task abandoned on its last try is failed instead,
    so that a task which kills its worker cannot do so forever.
    """
    alive = live_worker_ids()
    handed_back = 0
    with transaction.atomic():
        running = DBTaskResult.objects.running().filter(started_at__lt=_stale_before())
        for result in running.select_for_update(skip_locked=True):
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            tries = len(result.worker_ids)
            if tries >= max_tries(task_of(result)):
                result.set_failed(WorkerLost(f"The worker stopped while running this task, on try {tries}."))
                logger.error(
                    "Task %s (%s) failed for good: its worker stopped on try %d",
                    result.pk,
                    result.task_path,
                    tries,
                )
                continue
            result.status = TaskResultStatus.READY
            result.run_after = timezone.now()
            result.save(update_fields=["status", "run_after"])
            handed_back += 1
            logger.warning(
                "Task %s (%s) was left running by a worker that stopped; queued again",
                result.pk,
                result.task_path,
            )
    # Rows of workers long dead: nothing points at them any more.
    TaskWorker.objects.filter(seen_at__lt=Now() - dt.timedelta(days=1)).delete()
    return handed_back


# Health ---------------------------------------------------------------------------------------------


def uses_worker() -> bool:
    """True when tasks go to the database and a worker process runs them (production)."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def waiting_tasks():
    """Tasks due for longer than WAITING_ALERT_SECONDS that no worker has picked up."""
    seconds = float(_setting("TASK_WAITING_ALERT_SECONDS", WAITING_ALERT_SECONDS))
    since = timezone.now() - dt.timedelta(seconds=seconds)
    # A task queued without a time to run after carries the largest date instead.
    return DBTaskResult.objects.ready().filter(
        Q(run_after=get_date_max(), enqueued_at__lt=since) | Q(run_after__lt=since)
    )


def worker_health() -> dict:
    """The worker part of the health check.

    worker: "ok" (a worker beat within STALE_SECONDS), "stale" (workers were seen, none lately),
    "absent" (none has run, or the last one stopped cleanly), or "inline" (development and tests:
    tasks run inside the web process); tasks_waiting: tasks due for over WAITING_ALERT_SECONDS.
    """
    if not uses_worker():
        return {"worker": "inline", "tasks_waiting": 0}
    if TaskWorker.objects.filter(seen_at__gte=_stale_before()).exists():
        status = "ok"
    elif TaskWorker.objects.exists():
        status = "stale"
    else:
        status = "absent"
    return {"worker": status, "tasks_waiting": waiting_tasks().count()}


# Failed e-mails, for staff ------------------------------------------------------------------------


def failed_emails():
    """E-mails that failed for good and wait for staff, newest first."""
    return FailedEmail.objects.filter(
        status=TaskResultStatus.FAILED, task_path__in=list(EMAIL_TASKS)
    ).order_by("-finished_at")


def resend(emails) -> int:
    """Queue failed e-mails again, each with a fresh set of tries; how many."""
    ids = list(emails.filter(status=TaskResultStatus.FAILED).values_list("pk", flat=True))
    count = DBTaskResult.objects.filter(pk__in=ids, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY,
        run_after=timezone.now(),
        worker_ids=[],
        started_at=None,
        finished_at=None,
    )
    logger.info("%d failed e-mail task(s) queued again: %s", count, ", ".join(str(pk) for pk in ids))
    return count


def email_task_for(result: DBTaskResult) -> EmailTask | None:
    return EMAIL_TASKS.get(result.task_path)


def recipient_for(result: DBTaskResult, user) -> str | None:
    """The address a failed e-mail was for, or None when the user may not see it (or it is gone)."""
    email = email_task_for(result)
    if email is None or not user.has_perm(email.recipient_permission):
        return None
    arguments = result.args_kwargs
    return email.recipient(*arguments["args"], **arguments["kwargs"])


def error_of(result: DBTaskResult, with_message: bool) -> str:
    """The error of the last try: its class, and its message only for those who may see the recipient
    (a refusal quotes the address)."""
    name = result.exception_class_path.rsplit(".", 1)[-1]
    if not with_message:
        return name
    lines = [line for line in result.traceback.strip().splitlines() if line.strip()]
    return lines[-1] if lines else name
