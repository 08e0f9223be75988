"""Wagtail's password reset, limited so that the form cannot be used to flood a colleague's inbox."""

from django.utils.translation import gettext as _

from wagtail.admin.views.account import PasswordResetView

from core.ratelimit import Limit

# Requests per hour, from one visitor address and for one e-mail address. Both fail closed: while
# the cache is down nobody can reset a password, rather than anyone flooding an inbox.
FROM_ONE_VISITOR = Limit("password-reset-visitor", 5, fails_open=False)
TO_ONE_ADDRESS = Limit("password-reset-address", 5, fails_open=False)


class LimitedPasswordResetView(PasswordResetView):
    def form_valid(self, form):
        # Both counters count every request, so one cannot be used up while the other is spared.
        from_visitor = FROM_ONE_VISITOR.allows(self.request)
        to_address = TO_ONE_ADDRESS.allows_for(form.cleaned_data["email"].strip().lower())
        if not (from_visitor and to_address):
            form.add_error(None, _("Too many password reset requests. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
