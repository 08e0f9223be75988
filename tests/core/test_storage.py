"""The media storage keeps names under private/ outside the public media and without an address."""

from pathlib import Path

import pytest

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.storage import is_private, private_name


def test_private_names_live_under_the_private_root_and_have_no_address(settings):
    name = default_storage.save(private_name("contributions", "pdf"), ContentFile(b"%PDF-"))
    try:
        assert is_private(name)
        path = Path(default_storage.path(name))
        assert path.is_relative_to(settings.PRIVATE_MEDIA_ROOT) and path.read_bytes() == b"%PDF-"
        assert not path.is_relative_to(settings.MEDIA_ROOT)
        assert default_storage.exists(name) and default_storage.size(name) == 5
        assert Path(name).name in default_storage.listdir("private/contributions")[1]
        with default_storage.open(name) as stored:
            assert stored.read() == b"%PDF-"
        with pytest.raises(NotImplementedError):
            default_storage.url(name)
    finally:
        default_storage.delete(name)
    assert not default_storage.exists(name)


def test_public_names_are_where_they_always_were(settings):
    name = default_storage.save("documents/program.pdf", ContentFile(b"%PDF-"))
    try:
        assert Path(default_storage.path(name)).is_relative_to(settings.MEDIA_ROOT)
        assert default_storage.url(name) == f"/media/{name}"
    finally:
        default_storage.delete(name)


def test_private_names_are_random_and_distinct():
    names = {private_name("contributions", "pdf") for _ in range(100)}
    assert len(names) == 100


@pytest.mark.parametrize("name", ["private/../../etc/passwd", "../private/x.pdf", "/etc/passwd"])
def test_names_cannot_climb_out_of_either_root(name):
    with pytest.raises(SuspiciousFileOperation):
        default_storage.save(name, ContentFile(b"x"))
