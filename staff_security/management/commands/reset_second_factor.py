"""manage.py reset_second_factor USERNAME: remove a user's authenticator app and recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from staff_security.second_factor import remove_second_factor


class Command(BaseCommand):
    help = (
        "Remove a user's two-step verification (authenticator app and recovery codes), for example "
        "after a lost phone. They set up a new app at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get_by_natural_key(username)
        except user_model.DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
        remove_second_factor(user)
        self.stdout.write(
            f"Two-step verification removed for {username}; they set up a new app at next sign-in."
        )
