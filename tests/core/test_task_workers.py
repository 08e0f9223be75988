"""Which workers are alive, what happens to the tasks of one that died, and what /healthz says about them."""

import datetime as dt
import json

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.utils import timezone

from core.models import TaskWorker
from core.tasks import STALE_SECONDS, live_worker_ids, record_heartbeat, requeue_abandoned_tasks
from search.tasks import reindex_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def ago(seconds: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def worker_seen(worker_id: str, seconds_ago: float) -> TaskWorker:
    return TaskWorker.objects.create(
        worker_id=worker_id, hostname="app1", pid=1, started_at=ago(3600), seen_at=ago(seconds_ago)
    )


def running_task(worker_ids: list[str], started_seconds_ago: float) -> DBTaskResult:
    result = DBTaskResult.objects.get(pk=reindex_page.enqueue(1).id)
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=TaskResultStatus.RUNNING, worker_ids=worker_ids, started_at=ago(started_seconds_ago)
    )
    return result


def status_of(result: DBTaskResult) -> str:
    return DBTaskResult.objects.get(pk=result.pk).status


def test_a_heartbeat_makes_a_worker_alive(database_tasks):
    record_heartbeat("worker-a")
    record_heartbeat("worker-a")
    assert live_worker_ids() == {"worker-a"}
    assert TaskWorker.objects.count() == 1


def test_tasks_of_a_worker_that_stopped_beating_go_back_to_the_queue(database_tasks):
    worker_seen("dead", seconds_ago=STALE_SECONDS + 30)
    worker_seen("alive", seconds_ago=2)
    abandoned = running_task(["dead"], started_seconds_ago=STALE_SECONDS + 60)
    slow = running_task(["alive"], started_seconds_ago=3 * 3600)
    just_started = running_task(["dead"], started_seconds_ago=5)
    unknown_worker = running_task(["gone-without-a-row"], started_seconds_ago=STALE_SECONDS + 60)

    assert requeue_abandoned_tasks() == 2

    assert status_of(abandoned) == TaskResultStatus.READY
    assert status_of(unknown_worker) == TaskResultStatus.READY
    assert status_of(slow) == TaskResultStatus.RUNNING, "a slow task of a live worker is left alone"
    assert status_of(just_started) == TaskResultStatus.RUNNING


def test_a_task_that_loses_its_worker_on_every_try_fails_in_the_end(database_tasks):
    worker_seen("dead", seconds_ago=STALE_SECONDS + 30)
    poison = running_task(["w1", "w2", "dead"], started_seconds_ago=STALE_SECONDS + 60)

    requeue_abandoned_tasks()

    result = DBTaskResult.objects.get(pk=poison.pk)
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == "core.tasks.WorkerLost"


def test_workers_dead_for_a_day_are_forgotten(database_tasks):
    worker_seen("long-gone", seconds_ago=2 * 24 * 3600)
    requeue_abandoned_tasks()
    assert not TaskWorker.objects.exists()


# /healthz ---------------------------------------------------------------------------------------------


def health(client, path="/healthz"):
    response = client.get(path)
    return response.status_code, json.loads(response.content)


def test_without_a_worker_process_the_health_check_says_tasks_run_inline(client):
    status, body = health(client)
    assert status == 200 and body["worker"] == "inline"


def test_the_health_check_tells_a_live_worker_from_a_stale_or_absent_one(client, database_tasks):
    status, body = health(client)
    assert (status, body["worker"], body["tasks_waiting"]) == (200, "absent", 0)

    worker_seen("dead", seconds_ago=STALE_SECONDS + 30)
    assert health(client)[1]["worker"] == "stale"

    worker_seen("alive", seconds_ago=1)
    assert health(client)[1]["worker"] == "ok"


def test_tasks_waiting_too_long_are_counted(client, database_tasks):
    waiting = DBTaskResult.objects.get(pk=reindex_page.enqueue(1).id)
    reindex_page.enqueue(2)  # just queued: not waiting too long
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=ago(600))
    deferred = DBTaskResult.objects.get(pk=reindex_page.using(run_after=ago(900)).enqueue(3).id)
    assert deferred.run_after < ago(300)

    assert health(client)[1]["tasks_waiting"] == 2


def test_a_missing_worker_does_not_take_the_app_out_of_rotation(client, database_tasks):
    status, body = health(client)
    assert status == 200 and body["status"] == "ok" and body["worker"] == "absent"

    status, body = health(client, "/healthz/worker")
    assert status == 503
    assert body["worker"] == "absent"

    worker_seen("alive", seconds_ago=1)
    status, body = health(client, "/healthz/worker")
    assert status == 200
    assert body == {"status": "ok", "worker": "ok", "tasks_waiting": 0, "emails_failed": 0}
