"""What the shared floor keeps in the database: which task workers are alive, and failed e-mails for staff."""

from django_tasks_db.models import DBTaskResult

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["FailedEmail", "TaskWorker"]


class TaskWorker(models.Model):
    """A running `manage.py db_worker` process, which says it is alive every few seconds.

    The heartbeat comes from a thread of its own, so a worker busy with a slow task still beats;
    a worker that stopped beating has died (killed, crashed, its machine gone), and the tasks it
    left running go back to the queue (core/tasks.py). Times are the database's clock, so workers
    on several machines compare alike.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self):
        return f"{self.hostname}:{self.pid}"


class FailedEmail(DBTaskResult):
    """An e-mail task that failed for good: the staff list of e-mails to look at and send again.

    A proxy of the task backend's own row, so that permissions ("view", "resend") can be given to
    staff groups; the rows themselves are the task table's (see core.tasks.failed_emails).
    """

    class Meta:
        proxy = True
        default_permissions = ("view",)
        permissions = [("resend_failedemail", _("Can send a failed e-mail again"))]
        verbose_name = _("failed e-mail")
        verbose_name_plural = _("failed e-mails")
