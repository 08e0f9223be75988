"""The health checks that load balancers and operators poll (routed in innovatarium/urls.py).

/healthz is the app server's own: 503 only when the database does not answer, because without it
nothing works. A cache outage leaves it at 200 ("degraded"): pages go on without the cache, and a
load balancer that took every app server out of rotation for it would take the site down. The task
worker is reported but never changes the status either; /healthz/worker is for monitoring it.
"""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.tasks import failed_emails, uses_worker, worker_health


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "down"; the body says which part
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:
        return False


@never_cache
@require_safe
def healthz(request):
    database, cache_status = _database_ok(), _cache_ok()
    status = "error" if not database else "ok" if cache_status else "degraded"
    body = {
        "status": status,
        "database": "ok" if database else "error",
        "cache": "ok" if cache_status else "error",
        **(worker_health() if database else {"worker": "unknown"}),
    }
    return JsonResponse(body, status=200 if database else 503)


@never_cache
@require_safe
def healthz_worker(request):
    """503 when no worker has beaten lately or tasks wait too long; emails_failed counts the e-mails
    waiting for staff in the admin (they do not change the status: that is work, not an outage)."""
    if not _database_ok():
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    body = worker_health()
    healthy = body["worker"] in ("ok", "inline") and body["tasks_waiting"] == 0
    body = {
        "status": "ok" if healthy else "error",
        **body,
        "emails_failed": failed_emails().count() if uses_worker() else 0,
    }
    return JsonResponse(body, status=200 if healthy else 503)
