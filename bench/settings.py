"""Settings for benchmarks: the development database, without debug overhead or the posting limit."""

from innovatarium.settings.dev import *  # noqa: F403

DEBUG = False
REGISTRATION_POSTS_PER_HOUR = 1_000_000
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
LISTINGS_API_RATE_LIMIT = 1_000_000
CONTENT_API_RATE_LIMIT = 1_000_000
