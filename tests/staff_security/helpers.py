"""Staff users, their authenticator apps and the codes those apps would show, for the tests."""

import time

import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth.models import Group

from staff_security import second_factor

PASSWORD = "lang-og-sikker-kode-2026"
LOGIN = "/admin/login/"
VERIFY = "/admin/second-factor/"
ENROL = "/admin/second-factor/set-up/"


def make_editor(django_user_model, username="redaktoer"):
    """A member of Wagtail's Editors group: admin access, no superuser powers."""
    user = django_user_model.objects.create_user(username, f"{username}@example.dk", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def give_app(user) -> TOTPDevice:
    """An authenticator app set up the way a person does it, with its recovery codes. Set up two
    minutes ago, so that the code the phone shows now has not been used yet."""
    device = second_factor.pending_authenticator(user)
    with time_machine.travel(time.time() - 120, tick=False):
        codes = second_factor.confirm_authenticator(device, app_code(device))
    device.refresh_from_db()
    device.recovery_codes = codes
    return device


def app_code(device, at: float | None = None) -> str:
    """The 6-digit code the phone shows now (or at a given Unix time)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def sign_in(client, user, password=PASSWORD, **extra):
    return client.post(
        LOGIN, {"username": user.get_username(), "password": password, "next": "/admin/"}, **extra
    )
