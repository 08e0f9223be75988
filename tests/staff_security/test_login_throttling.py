"""Admin sign-in is locked per username and visitor address after 5 wrong passwords, for 15 minutes,
in the visitor's language; the password reset form is limited too; passwords follow Django's rules."""

import datetime as dt
import logging

import pytest
import time_machine
from axes.models import AccessAttempt

from django.contrib.auth import password_validation
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from wagtail.users.models import UserProfile

from .helpers import PASSWORD, make_editor, sign_in

pytestmark = pytest.mark.django_db

WRONG = "forkert-adgangskode-123"


@pytest.fixture
def editor(django_user_model):
    return make_editor(django_user_model)


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def fail(client, user, times, **extra):
    return [sign_in(client, user, WRONG, **extra) for _ in range(times)]


def test_five_wrong_passwords_lock_even_the_right_one_out(client, editor, caplog):
    with caplog.at_level(logging.INFO):
        responses = fail(client, editor, 5)
    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]
    locked = responses[-1].content.decode()
    assert "For mange mislykkede loginforsøg" in locked and "15 minutter" in locked
    assert 'name="password"' in locked  # Wagtail's own sign-in page, still there to try later

    right = sign_in(client, editor)
    assert right.status_code == 429
    assert not signed_in(client)

    # The lock is logged, naming the user; the password never appears in the logs or the table.
    assert any(
        "Locking out" in record.getMessage() and editor.username in record.getMessage()
        for record in caplog.records
    )
    assert not any(
        WRONG in record.getMessage() or PASSWORD in record.getMessage() for record in caplog.records
    )
    attempt = AccessAttempt.objects.get(username=editor.username)
    assert WRONG not in attempt.post_data and PASSWORD not in attempt.post_data


def test_the_lockout_speaks_the_users_admin_language(client, editor):
    # Signed out, the admin speaks the site's Danish; an editor who chose English gets English.
    UserProfile.objects.update_or_create(user=editor, defaults={"preferred_language": "en"})
    response = fail(client, editor, 5)[-1]
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "15 minutes" in response.content.decode()


def test_a_successful_sign_in_clears_the_count(client, editor):
    fail(client, editor, 4)
    assert sign_in(client, editor).status_code == 302
    client.post("/admin/logout/")
    assert [response.status_code for response in fail(client, editor, 4)] == [200] * 4
    assert sign_in(client, editor).status_code == 302


def test_the_lock_ends_after_fifteen_minutes(client, editor):
    fail(client, editor, 5)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=14), tick=False):
        assert sign_in(client, editor).status_code == 429
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
        assert sign_in(client, editor).status_code == 302


def test_the_lock_is_per_visitor_address_behind_the_proxy(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    fail(attacker, editor, 5)
    assert sign_in(attacker, editor).status_code == 429
    # The same proxy, another visitor: the proxy-aware address keeps them apart.
    colleague = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert sign_in(colleague, editor).status_code == 302


def test_the_password_reset_form_cannot_flood_an_inbox(client, editor):
    for _ in range(5):
        response = client.post("/admin/password_reset/", {"email": editor.email})
        assert response.status_code == 302
    refused = client.post("/admin/password_reset/", {"email": editor.email})
    assert refused.status_code == 429
    assert "For mange anmodninger om ny adgangskode" in refused.content.decode()
    assert len(mail.outbox) == 5


@pytest.mark.parametrize("password", ["kort-kode-1", "123456789012345", "password1234", "redaktoer-2026"])
def test_passwords_follow_djangos_rules_with_twelve_characters(editor, password):
    with pytest.raises(ValidationError):
        password_validation.validate_password(password, user=editor)


def test_a_long_uncommon_password_is_accepted(editor):
    password_validation.validate_password(PASSWORD, user=editor)
    assert 12 in [
        getattr(validator, "min_length", None)
        for validator in password_validation.get_default_password_validators()
    ]
