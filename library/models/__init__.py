"""Models of the library: the library page, resources with their files, and contributions."""

from .contributions import Contribution, ContributionPage
from .pages import LibraryIndexPage, ResourceFile, ResourcePage

__all__ = ["Contribution", "ContributionPage", "LibraryIndexPage", "ResourceFile", "ResourcePage"]
