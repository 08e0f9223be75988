"""Who may see and change registrations in the admin."""

from django.contrib.auth import get_permission_codename

from wagtail.permission_policies import ModelPermissionPolicy

from events.models import Registration

# What a user needs to see registrations; changing them needs "change".
READ_ACTIONS = ("view", "change", "delete")


class RegistrationPermissionPolicy(ModelPermissionPolicy):
    """Registrations are only made through the event page, where the booking rules hold, so nobody
    (not even a superuser) adds one in the admin: a hand-made registration could exceed capacity."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action != "add"])


registration_permissions = RegistrationPermissionPolicy(Registration)


def can_see_registrations(user) -> bool:
    return registration_permissions.user_has_any_permission(user, READ_ACTIONS)


def can_change_registrations(user) -> bool:
    return registration_permissions.user_has_permission(user, "change")


def registration_permission_codenames_to_register() -> set[str]:
    return {get_permission_codename(action, Registration._meta) for action in ("view", "change", "delete")}
