"""The task worker that survives faults, run by `manage.py db_worker` (core's command replaces the one
of django_tasks_db, with the same options).

On top of django_tasks_db's worker loop it
- outlives the database going away (a restart, a failover, a network cut): it drops the dead
  connection, waits (1 s, doubling up to 30 s) and carries on, instead of exiting;
- records each task's outcome even across such an outage, holding on to it until the database
  takes it, and only for a task that is still its own;
- runs failed tasks again as core.tasks decides (e-mails while the mail server does not answer);
- beats from a thread of its own, and hands back the tasks of workers that stopped beating.
"""

import contextlib
import logging
import threading
import time

from django_tasks import TaskResultStatus
from django_tasks.base import TaskContext
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from django.db import connections, transaction

from core.tasks import (
    DATABASE_ERRORS,
    EmailTask,
    forget_worker,
    heartbeat_seconds,
    max_tries,
    record_heartbeat,
    requeue_abandoned_tasks,
    retry_later,
    seconds_until_next_try,
    stale_seconds,
)

logger = logging.getLogger(__name__)

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0


def drop_connections() -> None:
    """Forget this thread's database connections, which may be dead; the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DATABASE_ERRORS:
            connection.connection = None


def until_stored(write, what: str):
    """Run `write` (a database write) until the database takes it, however long it is away."""
    pause = FIRST_PAUSE
    while True:
        try:
            return write()
        except DATABASE_ERRORS as error:
            logger.warning(
                "Database unavailable (%s) while %s; trying again in %.0f s",
                type(error).__name__,
                what,
                pause,
            )
            drop_connections()
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)


class Heartbeat:
    """A thread that records every few seconds that the worker lives, and, once it has itself been
    connected long enough for every live worker to have beaten, hands back abandoned tasks."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="task-worker-heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        connected_since = None
        try:
            while not self._stop.is_set():
                try:
                    record_heartbeat(self.worker_id)
                    connected_since = connected_since or time.monotonic()
                    # After an outage every worker's beat is old: give them a full period to beat
                    # again before judging any of them dead.
                    if time.monotonic() - connected_since >= stale_seconds():
                        requeue_abandoned_tasks()
                except DATABASE_ERRORS as error:
                    if connected_since is not None:
                        logger.warning(
                            "Worker %s cannot beat: database unavailable (%s)",
                            self.worker_id,
                            type(error).__name__,
                        )
                    connected_since = None
                    drop_connections()
                self._stop.wait(heartbeat_seconds())
        finally:
            drop_connections()


class ResilientWorker(Worker):
    """django_tasks_db's worker, made to outlive database outages and to retry and requeue tasks."""

    def run(self) -> None:
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        pause = FIRST_PAUSE
        try:
            while self.running:
                try:
                    # A worker is known before it claims anything, so its tasks are never taken for abandoned.
                    record_heartbeat(self.worker_id)
                    pause = FIRST_PAUSE
                    super().run()
                    return
                except DATABASE_ERRORS as error:
                    logger.warning(
                        "Worker %s: database unavailable (%s); trying again in %.0f s",
                        self.worker_id,
                        type(error).__name__,
                        pause,
                    )
                    drop_connections()
                    self.startup_delay = False
                    time.sleep(pause)
                    pause = min(pause * 2, LONGEST_PAUSE)
        finally:
            heartbeat.stop()
            # With the database away its row goes stale instead; any task of it is handed back.
            with contextlib.suppress(*DATABASE_ERRORS):
                forget_worker(self.worker_id)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task = True
        try:
            task, return_value, error = None, None, None
            try:
                task = db_task_result.task  # raises when its code is gone (renamed or removed)
                task_result = db_task_result.task_result
                task_started.send(sender=type(task.get_backend()), task_result=task_result)
                arguments = [TaskContext(task_result=task_result)] if task.takes_context else []
                return_value = task.call(*arguments, *task_result.args, **task_result.kwargs)
            except Exception as caught:  # recorded on the row; a forced shutdown leaves it running
                error = caught
            tries = len(db_task_result.worker_ids)
            retry_in = None if error is None else seconds_until_next_try(task, tries, error)
            stored = until_stored(
                lambda: self.store_outcome(db_task_result.pk, return_value, error, retry_in),
                f"recording task {db_task_result.pk}",
            )
            if task is not None and stored is not None and stored.status != TaskResultStatus.READY:
                task_finished.send(sender=type(task.get_backend()), task_result=stored.task_result)
            self.log_outcome(db_task_result, task, tries, error, retry_in)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def store_outcome(self, pk, return_value, error, retry_in) -> DBTaskResult | None:
        """Record how the try went, on the row locked, if this worker still owns it."""
        with transaction.atomic():
            result = DBTaskResult.objects.select_for_update().filter(pk=pk).first()
            if (
                result is None
                or result.status != TaskResultStatus.RUNNING
                or result.worker_ids[-1:] != [self.worker_id]
            ):
                logger.warning("Task %s was handed to another worker while this one ran it; not recorded", pk)
                return None
            if error is None:
                try:
                    result.set_successful(return_value)
                except (TypeError, ValueError) as unstorable:  # a return value JSON cannot hold
                    result.set_failed(unstorable)
            elif retry_in is None:
                result.set_failed(error)
            else:
                retry_later(result, error, retry_in)
            return result

    @staticmethod
    def log_outcome(result: DBTaskResult, task, tries: int, error, retry_in) -> None:
        """One line per failed try: the task's id and path and the error's class, never the error's
        text or the task's arguments (either may hold an e-mail address)."""
        if error is None:
            return
        error_name = f"{type(error).__module__}.{type(error).__qualname__}"
        if retry_in is not None:
            logger.warning(
                "Task %s (%s) failed on try %d of %d (%s); next try in %d s",
                result.pk,
                result.task_path,
                tries,
                max_tries(task),
                error_name,
                retry_in,
            )
        elif isinstance(task, EmailTask):
            logger.error(
                "E-mail task %s (%s) failed for good on try %d (%s); staff can send it again from the admin",
                result.pk,
                result.task_path,
                tries,
                error_name,
            )
        else:
            logger.error("Task %s (%s) failed on try %d (%s)", result.pk, result.task_path, tries, error_name)
