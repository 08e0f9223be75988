"""Admin views of the second factor: the step after the password, setting up an app, recovery
codes, and a superuser removing a colleague's second factor."""

import base64

import django_otp
import segno
from django_otp.plugins.otp_static.models import StaticDevice

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from staff_security import second_factor
from staff_security.forms import ConfirmAppForm, SignInCodeForm


def _next_url(request) -> str:
    """Where to go after the step: the page the user asked for, if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def _passed(request, device) -> None:
    django_otp.login(request, device)
    # A new session key once the session is fully signed in, as after the password.
    request.session.cycle_key()


def verify(request):
    """The second step after the password: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified() or not second_factor.must_verify(user):
        return redirect(_next_url(request))
    if not second_factor.is_enrolled(user):
        return redirect(f"{reverse('staff_security_enrol')}?{request.GET.urlencode()}")
    form = SignInCodeForm(request.POST or None)
    status = 200
    if form.is_valid():
        # After repeated wrong codes the app waits before it listens again; say so instead of
        # calling a right code wrong.
        wait = second_factor.wait_seconds(user)
        device = None if wait else second_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            _passed(request, device)
            if isinstance(device, StaticDevice):
                left = second_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code. You have %(left)s left: make new ones "
                        "under Account → Two-step verification.",
                        "You signed in with a recovery code. You have %(left)s left: make new ones "
                        "under Account → Two-step verification.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request))
        if wait:
            form.add_error(
                "code",
                ngettext(
                    "Too many wrong codes. Wait %(seconds)s second before you try again.",
                    "Too many wrong codes. Wait %(seconds)s seconds before you try again.",
                    wait,
                )
                % {"seconds": wait},
            )
        else:
            form.add_error("code", _("That code is not right. Check that your phone's clock is correct."))
        status = 400
    return render(
        request, "staff_security/verify.html", {"form": form, "next": _next_url(request)}, status=status
    )


def enrol(request):
    """Setting up an authenticator app: a QR code and the key to type, then a code to confirm."""
    user = request.user
    if second_factor.is_enrolled(user) and not user.is_verified():
        # Only the password so far: replacing the app needs the old one or a recovery code first.
        return redirect(f"{reverse('staff_security_verify')}?{request.GET.urlencode()}")
    device = second_factor.pending_authenticator(user)
    form = ConfirmAppForm(request.POST or None)
    status = 200
    if form.is_valid():
        codes = second_factor.confirm_authenticator(device, form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            _passed(request, device)
            return _show_recovery_codes(request, codes, first_time=True)
        form.add_error("code", _("That code is not right. Check that your phone's clock is correct."))
        status = 400
    key = base64.b32encode(device.bin_key).decode("ascii")
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": segno.make(device.config_url, error="m").svg_inline(
            scale=5, border=3, light="#fff", title=_("QR code for your authenticator app")
        ),
        "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
        "required": settings.STAFF_REQUIRE_2FA,
    }
    return render(request, "staff_security/enrol.html", context, status=status)


@require_POST
def new_recovery_codes(request):
    if not second_factor.is_enrolled(request.user):
        return redirect("staff_security_manage")
    return _show_recovery_codes(request, second_factor.replace_recovery_codes(request.user), first_time=False)


def _show_recovery_codes(request, codes, first_time):
    # Shown once, in the answer to the request that made them; only their use is stored.
    context = {"codes": codes, "first_time": first_time, "next": _next_url(request)}
    response = render(request, "staff_security/recovery_codes.html", context)
    response["Cache-Control"] = "no-store"
    return response


class ManageView(WagtailAdminTemplateMixin, TemplateView):
    """Account → Two-step verification: the state of one's own second factor."""

    template_name = "staff_security/manage.html"
    page_title = gettext_lazy("Two-step verification")
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            enrolled=second_factor.is_enrolled(user),
            recovery_codes_left=second_factor.recovery_codes_left(user),
            required=settings.STAFF_REQUIRE_2FA,
            **kwargs,
        )


class RemoveView(WagtailAdminTemplateMixin, TemplateView):
    """A superuser removes a colleague's second factor (a lost phone and no recovery codes)."""

    template_name = "staff_security/remove.html"
    page_title = gettext_lazy("Remove two-step verification")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        self.colleague = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.colleague.get_full_name() or self.colleague.get_username()

    def get_breadcrumbs_items(self):
        users = {"url": reverse("wagtailusers_users:index"), "label": _("Users")}
        return [*self.breadcrumbs_items, users, {"url": "", "label": self.get_header_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            colleague=self.colleague, enrolled=second_factor.is_enrolled(self.colleague), **kwargs
        )

    def post(self, request, *args, **kwargs):
        second_factor.remove_second_factor(self.colleague)
        if self.colleague == request.user:
            return redirect("staff_security_manage")
        messages.success(
            request,
            _("%(name)s's two-step verification was removed. They set up a new app at their next sign-in.")
            % {"name": self.get_page_subtitle()},
        )
        return redirect("wagtailusers_users:index")
