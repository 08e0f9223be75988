"""Models of the home app: the shared page base, the home and standard pages, site-wide settings."""

from .pages import BasePage, HomePage, StandardPage
from .site_settings import SiteIdentity

__all__ = ["BasePage", "HomePage", "SiteIdentity", "StandardPage"]
