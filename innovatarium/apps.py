"""The project package is also an app, for its templates, static files and management commands."""

from django.apps import AppConfig


class InnovatariumConfig(AppConfig):
    name = "innovatarium"
    verbose_name = "Innovatarium"
