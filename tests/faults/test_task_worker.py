"""The task worker under faults, as separate processes against a PostgreSQL that the test restarts:
e-mails queued by registrations are all sent, each once, through a restart and a killed worker."""

import pytest

from tests.faults.mailbox import delivered
from tests.faults.processes import Worker, process_env, queue_registrations, wait_until

# The processes use a PostgreSQL of their own; the marker only makes sure the test database, which
# that server copies, exists.
pytestmark = [pytest.mark.django_db, pytest.mark.own_servers]

REGISTRATION_EMAILS = "events.tasks.send_registration_email"


@pytest.fixture
def mailbox(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


def environment(throwaway_postgres, mailbox, database: str) -> dict:
    return process_env(
        DATABASE_URL=throwaway_postgres.new_database(database),
        TEST_MAILBOX=mailbox,
        SINGLE_PROCESS="true",  # the worker and the queueing script share no cache
    )


def email_tasks_by_status(throwaway_postgres, database: str) -> dict[str, int]:
    rows = throwaway_postgres.execute(
        "SELECT status, count(*) FROM django_tasks_database_dbtaskresult WHERE task_path = %s "
        "GROUP BY status",
        [REGISTRATION_EMAILS],
        database=database,
    )
    return dict(rows)


def test_the_worker_carries_on_after_postgresql_restarts(throwaway_postgres, mailbox, tmp_path):
    env = environment(throwaway_postgres, mailbox, "restart")
    worker = Worker(env, tmp_path / "worker.log")
    try:
        assert wait_until(lambda: "Starting worker" in worker.output(), 90), worker.output()

        throwaway_postgres.restart()  # while the worker waits for work, polling every 0.2 s

        addresses = queue_registrations(env, 2, "after-restart")
        assert wait_until(lambda: len(delivered(mailbox)) == 2, 60), worker.output()
        assert worker.alive(), worker.output()
        assert sorted(delivered(mailbox)) == sorted(addresses)
    finally:
        worker.stop()


COUNT = 30


def test_every_email_is_sent_once_through_a_postgresql_restart_and_a_killed_worker(
    throwaway_postgres, mailbox, tmp_path
):
    env = environment(throwaway_postgres, mailbox, "faults")
    addresses = queue_registrations(env, COUNT, "fault")
    hanging = mailbox / "hanging"
    first = Worker(env, tmp_path / "first-worker.log")
    second = None
    try:
        assert wait_until(lambda: len(delivered(mailbox)) >= 5, 90), first.output()

        # The mail server hangs in the middle of a send, and PostgreSQL restarts meanwhile: the e-mail
        # goes out after the restart, and the worker must record that on a new connection.
        (mailbox / "hang").write_text("3")
        assert wait_until(hanging.exists, 30), first.output()
        throwaway_postgres.restart()
        hanging.unlink()
        assert wait_until(lambda: len(delivered(mailbox)) >= 12, 60), first.output()
        assert first.alive(), first.output()

        # The worker is killed (kill -9) while it sends: that e-mail never went out, and its task is
        # left running.
        (mailbox / "hang").write_text("600")
        assert wait_until(hanging.exists, 30), first.output()
        first.kill()
        assert email_tasks_by_status(throwaway_postgres, "faults").get("RUNNING") == 1

        second = Worker(env, tmp_path / "second-worker.log")
        assert wait_until(lambda: len(delivered(mailbox)) >= COUNT, 90), second.output()
        assert wait_until(
            lambda: email_tasks_by_status(throwaway_postgres, "faults") == {"SUCCESSFUL": COUNT}, 30
        ), email_tasks_by_status(throwaway_postgres, "faults")
        assert sorted(delivered(mailbox)) == sorted(addresses), "every e-mail once, none twice"
    finally:
        first.stop()
        if second is not None:
            second.stop()
