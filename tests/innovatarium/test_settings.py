"""Production settings refuse an unsafe configuration and pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "innovatarium.settings.production",
    "SECRET_KEY": "k8#Qz!v2@Lr9$Wm4^Tx7&Pn3*Bs6(Hd1)Jf5-Gc0+Yu8=Ea2_Vo",
    "ALLOWED_HOSTS": "innovatarium.dk,www.innovatarium.dk",
    "WAGTAILADMIN_BASE_URL": "https://innovatarium.dk",
    # check --deploy does not connect; the URL only has to be a PostgreSQL one.
    "DATABASE_URL": "postgres://innovatarium@db.invalid:5432/innovatarium",
    "REDIS_URL": "redis://cache.invalid:6379/0",
}


def run_in_production(command: list[str], env_overrides: dict):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests; STAFF_REQUIRE_2FA may be off on a
    # developer's machine. PRODUCTION names its own REDIS_URL.
    ignored = {
        "DEBUG",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "STAFF_REQUIRE_2FA",
        "SINGLE_PROCESS",
        "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES",
    }
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    env.update(PRODUCTION)
    for key, value in env_overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, *command],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage(*args, **env_overrides):
    return run_in_production(["manage.py", *args], env_overrides)


def load_settings(code: str = "", **env_overrides):
    """Load the production settings in a process of their own, as every entry point (gunicorn's
    wsgi, manage.py) does first, and run `code` with them; without starting the apps, which would
    take seconds a process and prove nothing more about the settings."""
    return run_in_production(
        ["-c", f"from django.conf import settings; settings.INSTALLED_APPS; {code}"], env_overrides
    )


def test_production_passes_the_deployment_checklist_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_requires_the_second_factor_and_enforces_its_policies():
    code = (
        "from django.conf import settings; "
        "print(settings.STAFF_REQUIRE_2FA, 'CONTENT_SECURITY_POLICY_REPORT_ONLY' in dir(settings), "
        "'staff_security.csp.ContentSecurityPolicyMiddleware' in settings.MIDDLEWARE, "
        "'django_permissions_policy.PermissionsPolicyMiddleware' in settings.MIDDLEWARE)"
    )
    result = load_settings(code)
    assert result.stdout.strip().splitlines()[-1] == "True False True True", result.stderr


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set in production"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 50 random characters"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must be set in production"),
        ({"DEBUG": "true"}, "DEBUG must not be on in production"),
        ({"DATABASE_URL": "sqlite:///db.sqlite3"}, "DATABASE_URL must point to PostgreSQL"),
        ({"DATABASE_URL": None}, "DATABASE_URL must be set in production"),
        ({"STAFF_REQUIRE_2FA": "false"}, "STAFF_REQUIRE_2FA must not be off in production"),
        # Several gunicorn workers, each counting the rate limits in its own memory (finding 4).
        ({"REDIS_URL": None}, "REDIS_URL must be set in production"),
        ({"REDIS_URL": None, "SINGLE_PROCESS": "false"}, "REDIS_URL must be set in production"),
        # Partners' webhook addresses could reach the database or the cache (SSRF).
        (
            {"WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": "true"},
            "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES must not be on in production",
        ),
    ],
)
def test_production_refuses_to_start_when_unsafe(overrides, message):
    result = load_settings(**overrides)
    assert result.returncode != 0
    assert message in result.stderr


def test_redis_url_switches_the_cache_to_redis():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = load_settings(code, REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("core.cache.DegradingRedisCache")
    one_process = load_settings(code, REDIS_URL=None, SINGLE_PROCESS="true")
    assert one_process.stdout.strip().endswith("django.core.cache.backends.locmem.LocMemCache")


def test_proxy_count_and_mail_timeout_come_from_the_environment():
    code = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT, settings.EMAIL_TIMEOUT)"
    printed = load_settings(code).stdout.strip().splitlines()
    assert printed[-1] == "0 10"
    configured = load_settings(code, TRUSTED_PROXY_COUNT="2", EMAIL_TIMEOUT="5")
    assert configured.stdout.strip().splitlines()[-1] == "2 5", configured.stderr
    for name, value in (
        ("TRUSTED_PROXY_COUNT", "-1"),
        ("TRUSTED_PROXY_COUNT", "one"),
        ("EMAIL_TIMEOUT", "0"),
    ):
        refused = load_settings(**{name: value})
        assert refused.returncode != 0 and f"{name} must be a whole number" in refused.stderr


@pytest.mark.django_db
def test_the_tests_do_not_wait_for_the_disk():
    """The test run's own server keeps nothing safe from a crash, and no test session waits for
    its commits to reach the disk, on any server (docs/operations.md)."""
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "off"
        if "pg-test" in str(settings.DATABASES["default"]["OPTIONS"].get("host", "")):
            cursor.execute("SHOW fsync")
            assert cursor.fetchone()[0] == "off"


def test_the_e_invoice_sender_and_its_folder_come_from_the_environment(tmp_path):
    code = "from django.conf import settings; print(settings.EINVOICE_SENDER, settings.EINVOICE_OUTBOX_DIR)"
    default = load_settings(code)
    assert default.stdout.strip().splitlines()[-1].startswith("billing.senders.FolderSender "), default.stderr
    configured = load_settings(
        code, EINVOICE_SENDER="provider.Sender", EINVOICE_OUTBOX_DIR=str(tmp_path / "peppol")
    )
    assert configured.stdout.strip().splitlines()[-1] == f"provider.Sender {tmp_path / 'peppol'}", (
        configured.stderr
    )
