"""Views and checks every app may use: the CSRF failure page and the Origin check for token-less forms."""

from django.conf import settings
from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent without its security token (cookies blocked, a page left open for days, or a
    post from another site): explained in the visitor's language, with the way forward."""
    return render(request, "403_csrf.html", status=403)


def is_cross_site_post(request) -> bool:
    """True when a browser says this POST comes from a page on another site.

    For forms that carry no CSRF token on purpose (the footer sign-up on every page), the Origin
    header is the check: browsers add it to every cross-site POST and scripts on another site
    cannot change it. A request without it (an old browser, a non-browser client) cannot be a
    forged browser post, so it passes.
    """
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS
