"""A copy of the demo site inside the test database, restored instead of rebuilt.

Browser and concurrency tests need committed rows, so they run in transactional tests, which
flush every table afterwards. Building the demo again through Wagtail's publish and translate
path takes seconds per test; copying its rows back from a snapshot schema takes a fraction of
that. The snapshot is taken once per test database, right after the demo is built.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction

SCHEMA = "demo_snapshot"


def _tables(cursor) -> list[str]:
    # Every table of the public schema except the migration log, which a flush never touches.
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'django_migrations' "
        "ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _writable_columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s AND is_generated = 'NEVER' "
        "ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def take() -> None:
    """Copy every table's rows into the snapshot schema, replacing an earlier snapshot."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SCHEMA}")
        for table in _tables(cursor):
            cursor.execute(f"CREATE TABLE {SCHEMA}.{quote(table)} AS TABLE public.{quote(table)}")


def restore() -> None:
    """Make the database hold exactly the demo site again.

    Sequences are left alone: a flush does not reset them, so new rows never collide with
    restored ones. Django's foreign keys are deferred, so the copy order does not matter.
    """
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        tables = _tables(cursor)
        cursor.execute("TRUNCATE " + ", ".join(f"public.{quote(table)}" for table in tables))
        for table in tables:
            columns = ", ".join(quote(column) for column in _writable_columns(cursor, table))
            # Names come from the catalogue, quoted; nothing here is user input.
            target, source = f"public.{quote(table)}", f"{SCHEMA}.{quote(table)}"
            cursor.execute(f"INSERT INTO {target} ({columns}) SELECT {columns} FROM {source}")  # noqa: S608
    # The flush recreated content types with new ids; forget them, and any cached site roots.
    ContentType.objects.clear_cache()
    cache.clear()
