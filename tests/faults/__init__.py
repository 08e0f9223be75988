"""Tests that start real processes (task workers, gunicorn, Redis, a PostgreSQL they may restart)
and break things under them, the way they break in production."""
