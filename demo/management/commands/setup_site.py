"""manage.py setup_site: everything `make run` needs before serving (migrate, demo content, admin login)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "Migrate, load demo content into an empty site and make sure a development admin login exists."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        # A database made before pages named snippets in their own language (docs/operations.md).
        call_command("localise_page_choices")
        call_command("load_demo")
        password = self.ensure_admin()
        host, port = options.get("host") or "127.0.0.1", options.get("port") or "8000"
        self.stdout.write(
            self.style.SUCCESS(
                f"\nAdmin: http://{host}:{port}/admin/  user: {ADMIN_USERNAME}  password: {password}\n"
            )
        )
        if settings.STAFF_REQUIRE_2FA:
            self.stdout.write(
                "Two-step verification is required (STAFF_REQUIRE_2FA): the first sign-in asks you to "
                "set up an authenticator app and shows recovery codes.\n"
            )
        else:
            self.stdout.write(
                "Two-step verification is optional here (STAFF_REQUIRE_2FA=true requires it, as in "
                "production); once you set it up under Account, every sign-in asks for a code.\n"
            )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def ensure_admin(self) -> str:
        """Create the admin user once; its password is kept under var/ so every run can print it."""
        password_file = settings.VAR_DIR / "admin-password"
        user_model = get_user_model()
        if not password_file.exists() or not user_model.objects.filter(username=ADMIN_USERNAME).exists():
            password = secrets.token_urlsafe(12)
            user, _ = user_model.objects.get_or_create(
                username=ADMIN_USERNAME, defaults={"email": "admin@localhost", "is_staff": True}
            )
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            password_file.write_text(password)
            password_file.chmod(0o600)
        return password_file.read_text().strip()
