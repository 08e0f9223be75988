"""/healthz tells a load balancer whether the database and the cache answer."""

import copy
import json

import pytest

from django.db import connections

pytestmark = pytest.mark.django_db


def test_healthy_site_answers_200_with_each_part(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_database_down_answers_503(client, monkeypatch):
    # A real connection attempt that fails: the same database settings, but a port where nothing listens.
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})
    settings_dict["OPTIONS"].pop("host", None)
    unreachable = connections["default"].__class__(settings_dict, alias="unreachable")
    monkeypatch.setattr("innovatarium.health.connection", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "error", "cache": "ok"}


def test_health_check_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
