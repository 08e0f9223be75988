"""Media storage with a private part: what strangers upload waits outside the public media.

The default storage routes by name. A name under `private/` lives in the `private_media` storage
(PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT by default; an S3 bucket of its own later) and has no
address: such a file reaches people only through a view that checks who is asking, such as
Wagtail's document view with its collection privacy. Every other name lives in `public_media`
(MEDIA_ROOT and MEDIA_URL, or S3), as before. A document's FileField keeps working unchanged; only
the stored name says where the file is, so moving a file is giving it a new name.
"""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

PRIVATE_PREFIX = "private/"
NO_ADDRESS = "Private files have no address; serve them through a view that checks access."


def is_private(name: str) -> bool:
    return (name or "").startswith(PRIVATE_PREFIX)


def private_name(folder: str, extension: str) -> str:
    """A name nobody can guess (a random UUID) in the private storage, e.g. private/contributions/….pdf"""
    return f"{PRIVATE_PREFIX}{folder}/{uuid.uuid4().hex}.{extension}"


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk under PRIVATE_MEDIA_ROOT, which has no URL."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise NotImplementedError(NO_ADDRESS)


@deconstructible
class MediaStorage(Storage):
    """STORAGES["default"]: names under `private/` go to the `private_media` storage, the rest to
    `public_media`. Stored names keep the prefix, so a FileField needs no change."""

    def __init__(self, public: str = "public_media", private: str = "private_media"):
        self.public_alias = public
        self.private_alias = private

    def _route(self, name: str) -> tuple[Storage, str, str]:
        if is_private(name):
            return storages[self.private_alias], name.removeprefix(PRIVATE_PREFIX), PRIVATE_PREFIX
        return storages[self.public_alias], name, ""

    def _open(self, name, mode="rb"):
        storage, inner, _prefix = self._route(name)
        return storage.open(inner, mode)

    def save(self, name, content, max_length=None):
        storage, inner, prefix = self._route(name)
        if max_length is not None:
            max_length -= len(prefix)
        return prefix + storage.save(inner, content, max_length=max_length)

    def get_available_name(self, name, max_length=None):
        storage, inner, prefix = self._route(name)
        if max_length is not None:
            max_length -= len(prefix)
        return prefix + storage.get_available_name(inner, max_length=max_length)

    def delete(self, name):
        storage, inner, _prefix = self._route(name)
        storage.delete(inner)

    def exists(self, name):
        storage, inner, _prefix = self._route(name)
        return storage.exists(inner)

    def listdir(self, path):
        storage, inner, _prefix = self._route(path)
        return storage.listdir(inner)

    def size(self, name):
        storage, inner, _prefix = self._route(name)
        return storage.size(inner)

    def path(self, name):
        storage, inner, _prefix = self._route(name)
        return storage.path(inner)

    def url(self, name):
        if is_private(name):
            raise NotImplementedError(NO_ADDRESS)
        return storages[self.public_alias].url(name)

    def get_accessed_time(self, name):
        storage, inner, _prefix = self._route(name)
        return storage.get_accessed_time(inner)

    def get_created_time(self, name):
        storage, inner, _prefix = self._route(name)
        return storage.get_created_time(inner)

    def get_modified_time(self, name):
        storage, inner, _prefix = self._route(name)
        return storage.get_modified_time(inner)


def make_public(field_file, name: str) -> None:
    """Give a private file a public name: copy it to `name` (or the next free variant) and point the
    field at the copy. The private copy is deleted once the transaction commits; if it rolls back,
    the field still names the private file, which is still there. The caller saves the instance."""
    if not is_private(field_file.name):
        return
    storage = field_file.storage
    private = field_file.name
    with storage.open(private, "rb") as content:
        field_file.name = storage.save(name, content, max_length=field_file.field.max_length)
    transaction.on_commit(lambda: storage.delete(private))
