"""The embedded PostgreSQL stops with the last process using it, even after a crashed run."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.own_servers

BASE_DIR = Path(__file__).resolve().parents[2]
# A stand-in for `make run`: load the settings (which start or attach to the server), then wait.
SITE_PROCESS = "import django, time; django.setup(); print('ready', flush=True); time.sleep(120)"


def start_site_process(var_dir: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "innovatarium.settings.dev"})
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SITE_PROCESS],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout.readline().strip() == "ready"
    return process


def postgres_servers(pgdata: Path) -> list[psutil.Process]:
    return [
        process
        for process in psutil.process_iter(attrs=("name", "cmdline"))
        if process.info["name"] == "postgres" and str(pgdata) in " ".join(process.info["cmdline"] or [])
    ]


def wait_until(condition, seconds=20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_ctrl_c_stops_the_server_even_after_a_crashed_run(tmp_path):
    var_dir = tmp_path / "v"  # short: PostgreSQL's socket lives in the data directory
    pgdata = (var_dir / "pg").resolve()

    crashed = start_site_process(var_dir)
    assert postgres_servers(pgdata), "the first process starts the embedded server"
    crashed.send_signal(signal.SIGKILL)
    crashed.wait(10)
    assert postgres_servers(pgdata), "a killed process cannot clean up; its server is left running"

    next_run = start_site_process(var_dir)  # attaches to the leftover server instead of failing
    next_run.send_signal(signal.SIGINT)
    next_run.wait(30)
    assert wait_until(lambda: not postgres_servers(pgdata)), "Ctrl-C on the last user stops the server"
