"""Holds a signed-in session that has not passed the second factor at the admin's door."""

from urllib.parse import urlencode

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from core.admin_paths import is_admin_request
from staff_security.second_factor import is_enrolled, must_verify

# Admin pages a session may open before its second factor: the steps themselves, signing out,
# and what those pages load.
OPEN_BEFORE_SECOND_FACTOR = {
    "staff_security_verify",
    "staff_security_enrol",
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: when a user must pass a second factor and this session has
    not, every admin URL (pages, choosers, the admin API) sends them to the second step, and the
    rest of the site treats them as anonymous, so private pages and documents stay closed too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Anonymous sessions cost nothing here: the user is only loaded for a signed-in session.
        if request.session.get(SESSION_KEY) is None:
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated or user.is_verified() or not must_verify(user):
            return self.get_response(request)
        if not is_admin_request(request):
            request.user = AnonymousUser()
            request.auser = _anonymous
            return self.get_response(request)
        if _url_name(request) in OPEN_BEFORE_SECOND_FACTOR:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        step = "staff_security_verify" if is_enrolled(user) else "staff_security_enrol"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


async def _anonymous():
    return AnonymousUser()


def _url_name(request) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None
