"""E-mails the mail server does not take are tried again with backoff, then wait for staff; the worker
records each try on the task's row, once, and logs the task, never the address."""

import datetime as dt
import signal
import smtplib
import socket

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from core.tasks import EMAIL_RETRY_SECONDS, failed_emails
from core.worker import ResilientWorker
from events.models import Registration
from events.services.booking import Applicant, book_seat
from events.tasks import send_registration_email
from tests import demo_snapshot
from tests.events.factories import make_event, make_registration

SCHEDULE = list(EMAIL_RETRY_SECONDS)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free again once closed: nothing listens there


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 2


class RefusingBackend(BaseEmailBackend):
    """A mail server that answers every recipient with the SMTP code in `code`."""

    code = 550

    def send_messages(self, email_messages):
        recipients = dict.fromkeys(email_messages[0].to, (self.code, b"Mailbox unavailable"))
        raise smtplib.SMTPRecipientsRefused(recipients)


class TemporarilyRefusingBackend(RefusingBackend):
    code = 450


class BrokenTemplateBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ValueError("a fault in our own code")


@pytest.fixture
def restore_signals():
    """The worker command takes over SIGINT and SIGTERM; the test process gets them back."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def run_worker_command():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_registration_email_the_mail_server_refuses_is_sent_when_it_is_back(
    database_tasks, mail_server_down, settings, time_machine, restore_signals
):
    demo_snapshot.restore()  # transactional tests start from a flushed database
    time_machine.move_to(timezone.now(), tick=True)
    start = timezone.now() + dt.timedelta(days=30)
    event = make_event(start=start, end=start + dt.timedelta(hours=6), capacity=5)
    applicant = Applicant(
        name="Sofie Hansen",
        email="sofie@example.dk",
        price_option_id=event.price_options[0].id,
        payer_type="private",
        accepted_terms=True,
    )
    book_seat(event, applicant)

    run_worker_command()

    assert Registration.objects.filter(email="sofie@example.dk").exists(), "the registration is saved"
    task = DBTaskResult.objects.get(task_path=send_registration_email.module_path)
    assert task.status == TaskResultStatus.READY, "tried again later, not failed for good"
    assert task.exception_class_path == "builtins.ConnectionRefusedError"
    assert 50 <= (task.run_after - timezone.now()).total_seconds() <= 60
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the mail server is back
    run_worker_command()
    assert DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.READY, "not before its time"

    time_machine.shift(dt.timedelta(seconds=61))
    run_worker_command()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 2
    assert [message.to for message in mail.outbox] == [["sofie@example.dk"]]


# The worker's decisions, one try at a time ----------------------------------------------------------


def worker(worker_id="worker-a") -> ResilientWorker:
    return ResilientWorker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
    )


def run_once(result: DBTaskResult, runner: ResilientWorker | None = None) -> DBTaskResult:
    """What the worker does with the task it claims."""
    runner = runner or worker()
    result.claim(runner.worker_id)
    runner.run_task(result)
    return DBTaskResult.objects.get(pk=result.pk)


@pytest.fixture
def queued_email(db, database_tasks):
    event = make_event(capacity=5)
    registration = make_registration(event, "Sofie Hansen", email="sofie@example.dk")
    result = send_registration_email.enqueue(registration.pk, "confirmation")
    return DBTaskResult.objects.get(pk=result.id)


def test_tries_follow_the_schedule_then_the_email_waits_for_staff(
    queued_email, mail_server_down, time_machine
):
    time_machine.move_to("2027-01-14 09:00:00+00:00", tick=False)
    waits = []
    result = queued_email
    for _try in range(len(SCHEDULE) + 1):
        tried_at = timezone.now()
        result = run_once(result)
        if result.status != TaskResultStatus.READY:
            break
        waits.append(round((result.run_after - tried_at).total_seconds()))
        time_machine.move_to(result.run_after, tick=False)

    assert waits == SCHEDULE == [60, 300, 1800, 7200, 21600]
    assert result.status == TaskResultStatus.FAILED
    assert len(result.worker_ids) == len(SCHEDULE) + 1
    assert list(failed_emails().values_list("pk", flat=True)) == [result.pk]


def test_a_refused_recipient_is_not_tried_again(queued_email, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    result = run_once(queued_email)
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == "smtplib.SMTPRecipientsRefused"


def test_a_temporary_refusal_is_tried_again(queued_email, settings):
    settings.EMAIL_BACKEND = f"{__name__}.TemporarilyRefusingBackend"
    assert run_once(queued_email).status == TaskResultStatus.READY


def test_a_fault_in_the_code_is_not_tried_again(queued_email, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenTemplateBackend"
    result = run_once(queued_email)
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == "builtins.ValueError"


def test_a_sent_email_is_recorded_as_sent(queued_email):
    result = run_once(queued_email)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert [message.to for message in mail.outbox] == [["sofie@example.dk"]]


def test_a_worker_records_nothing_for_a_task_that_was_handed_to_another(queued_email):
    first = worker("worker-a")
    queued_email.claim(first.worker_id)
    # Meanwhile the task was taken for abandoned and claimed by the second worker.
    DBTaskResult.objects.filter(pk=queued_email.pk).update(worker_ids=["worker-a", "worker-b"])

    first.run_task(queued_email)

    result = DBTaskResult.objects.get(pk=queued_email.pk)
    assert result.status == TaskResultStatus.RUNNING and result.worker_ids == ["worker-a", "worker-b"]


def test_the_logs_name_the_task_never_the_address(queued_email, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    caplog.set_level("INFO")
    result = run_once(queued_email)
    assert str(result.pk) in caplog.text and "send_registration_email" in caplog.text
    assert "sofie@example.dk" in result.traceback, "the row keeps the whole error, for staff"
    assert "sofie" not in caplog.text
    assert all(record.exc_info is None for record in caplog.records)
