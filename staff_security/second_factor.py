"""Who must pass a second factor, and the devices that give it: an authenticator app (TOTP) and
one-time recovery codes. Views and the middleware ask here; the devices are django-otp's."""

import base64
import logging
import math
import os
import re

import django_otp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
# 10 random bytes are 16 base32 letters, the most a django-otp static token holds: 80 bits each.
RECOVERY_CODE_BYTES = 10
AUTHENTICATOR_NAME = "authenticator app"
RECOVERY_CODES_NAME = "recovery codes"
_TOTP_CODE = re.compile(r"^\d{6}$")


def can_use_admin(user) -> bool:
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def is_enrolled(user) -> bool:
    """Whether the user has a confirmed authenticator app."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def must_verify(user) -> bool:
    """Whether this signed-in user may use the admin only after a second factor: everyone with admin
    access when STAFF_REQUIRE_2FA is on, and anyone who has set up an app even when it is off."""
    return can_use_admin(user) and (settings.STAFF_REQUIRE_2FA or is_enrolled(user))


def pending_authenticator(user) -> TOTPDevice:
    """The app being set up: a new, unconfirmed key, kept until it is confirmed so a reload shows
    the same QR code."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def confirm_authenticator(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm an app being set up with a code it shows. On success the app replaces any earlier
    one, the user gets a fresh set of recovery codes, and they are returned; None when the code
    is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(normalise(code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        codes = replace_recovery_codes(device.user)
    logger.info("Second factor set up for user %s", device.user.pk)
    return codes


def replace_recovery_codes(user) -> list[str]:
    """Make a new set of one-time recovery codes; the earlier ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
        tokens = [_random_recovery_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in tokens)
    return [format_recovery_code(token) for token in tokens]


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(user, code: str):
    """The device that accepts this code (a 6-digit app code or a recovery code, which is then
    used up), or None. Every device counts its own failures and makes the next try wait longer."""
    token = normalise(code)
    device_class = TOTPDevice if _TOTP_CODE.match(token) else StaticDevice
    for device in device_class.objects.devices_for_user(user, confirmed=True):
        verified = django_otp.verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified
    logger.warning("Second factor refused for user %s", user.pk)
    return None


def wait_seconds(user) -> int:
    """How long the user's app refuses every code after repeated wrong ones (0: it listens)."""
    waits = []
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            waits.append((details["locked_until"] - timezone.now()).total_seconds())
    return max(0, math.ceil(max(waits, default=0)))


def remove_second_factor(user) -> None:
    """Forget the user's app and recovery codes (a lost phone): they set up a new app at their next
    sign-in, and sessions that passed the old one must pass again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    logger.warning("Second factor removed for user %s", user.pk)


def normalise(code: str) -> str:
    """What people type, as stored: no spaces or hyphens, lower case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def format_recovery_code(token: str) -> str:
    return "-".join(token[i : i + 4] for i in range(0, len(token), 4))


def _random_recovery_token() -> str:
    return base64.b32encode(os.urandom(RECOVERY_CODE_BYTES)).decode("ascii").lower()
