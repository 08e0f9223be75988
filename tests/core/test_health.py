"""/healthz tells a load balancer whether the database answers, and reports the cache and the task worker."""

import copy
import json

import pytest

from django.db import connections

pytestmark = pytest.mark.django_db


def test_healthy_site_answers_200_with_each_part(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "worker": "inline",  # tests run tasks in the process, like development
        "tasks_waiting": 0,
    }
    assert "no-cache" in response["Cache-Control"]


def test_database_down_answers_503(client, monkeypatch):
    # A real connection attempt that fails: the same database settings, but a port where nothing listens.
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})
    settings_dict["OPTIONS"].pop("host", None)
    unreachable = connections["default"].__class__(settings_dict, alias="unreachable")
    monkeypatch.setattr("core.health.connection", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "error",
        "database": "error",
        "cache": "ok",
        "worker": "unknown",
    }


def test_health_checks_refuse_writes(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/healthz/worker").status_code == 405
