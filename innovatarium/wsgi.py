"""WSGI entry point (gunicorn innovatarium.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovatarium.settings.production")

application = get_wsgi_application()
