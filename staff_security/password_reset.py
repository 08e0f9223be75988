"""Wagtail's password reset, limited so that the form cannot be used to flood a colleague's inbox."""

import hashlib
import time

from axes.helpers import get_client_ip_address

from django.core.cache import cache
from django.utils.translation import gettext as _

from wagtail.admin.views.account import PasswordResetView

# Requests per hour, from one visitor address and for one e-mail address.
LIMIT = 5
WINDOW_SECONDS = 60 * 60


class LimitedPasswordResetView(PasswordResetView):
    def form_valid(self, form):
        if not _allow(self.request, form.cleaned_data["email"]):
            form.add_error(None, _("Too many password reset requests. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def _allow(request, email: str) -> bool:
    """Count this request against the visitor's address and the e-mail address; both must be
    under the limit. The shared cache holds the counters, hashed, so every app process sees them."""
    window = int(time.time() // WINDOW_SECONDS)
    allowed = True
    # The address comes from the one function that knows the proxies (AXES_CLIENT_IP_CALLABLE).
    for subject in (get_client_ip_address(request), email.strip().lower()):
        digest = hashlib.sha256(subject.encode()).hexdigest()[:16]
        key = f"password-reset:{digest}:{window}"
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
            count = 1
        allowed = allowed and count <= LIMIT
    return allowed
