"""What a locked-out sign-in sees: Wagtail's own sign-in page saying why and for how long, in the
admin language of the user whose sign-in is locked (django-axes calls this as AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import ngettext

from wagtail.admin.views.account import LoginView
from wagtail.users.models import UserProfile


def locked_out_response(request, original_response=None, credentials=None):
    username = (credentials or {}).get("username") or ""
    with translation.override(_admin_language(username)):
        minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
        messages.error(
            request,
            ngettext(
                "Too many failed sign-in attempts. Sign-in for this user from your network is blocked "
                "for %(minutes)s minute. Wait and try again, or ask an administrator to unblock it.",
                "Too many failed sign-in attempts. Sign-in for this user from your network is blocked "
                "for %(minutes)s minutes. Wait and try again, or ask an administrator to unblock it.",
                minutes,
            )
            % {"minutes": minutes},
        )
        view = LoginView()
        view.setup(request)
        form = view.get_form_class()(request, initial={"username": username})
        return render(request, view.template_name, view.get_context_data(form=form), status=429)


def _admin_language(username: str) -> str:
    """The language the user chose for the admin; the page's own language for an unknown name."""
    user_model = get_user_model()
    profile = UserProfile.objects.filter(**{f"user__{user_model.USERNAME_FIELD}": username}).first()
    return profile.get_preferred_language() if profile else translation.get_language()
