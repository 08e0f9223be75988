"""Views of the network app: newsletter sign-up, confirmation and unsubscribing."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.ratelimit import Limit, rate_limited
from core.views import csrf_failure, is_cross_site_post
from network.forms import SignupForm
from network.newsletter import confirm_subscription, request_subscription, unsubscribe
from network.tokens import pending_for_token, subscriber_for_token

# Each sign-up e-mails an address a stranger may have typed in: refused while the cache cannot count.
NEWSLETTER_POSTS = Limit("newsletter", 10, setting="NEWSLETTER_POSTS_PER_HOUR", fails_open=False)
TOO_MANY_MESSAGES = _(
    "We have received many messages from your connection in a short time. Please try again in an hour."
)


# No CSRF token on purpose: the footer form is on every page, and a CSRF cookie there would make
# every page vary by cookie. The Origin header stands in for it; and even a forged post could do no
# more than a stranger typing the address in: send one confirmation e-mail, which subscribes nobody
# until its owner confirms.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited(NEWSLETTER_POSTS, TOO_MANY_MESSAGES)
def newsletter_signup(request):
    language = translation.get_language()
    form = SignupForm(language=language, initial={"source": f"page:{request.path}"})
    if request.method == "POST":
        if is_cross_site_post(request):
            return csrf_failure(request)
        form = SignupForm(request.POST, language=language)
        if form.is_valid():
            # A bot is answered as if it had worked, but nothing is stored or sent.
            if not form.is_spam:
                request_subscription(
                    form.cleaned_data["email"], form.topic_choice(), language, form.cleaned_data["source"]
                )
            return HttpResponseRedirect(reverse("newsletter_signup") + "?sent=1")
    return render(
        request,
        "network/newsletter_signup.html",
        {
            "form": form,
            "sent": request.GET.get("sent") == "1",
            "confirmed": request.GET.get("confirmed") == "1",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def newsletter_confirm(request, token):
    """GET shows a button and POST confirms, so a mail scanner that opens links subscribes nobody."""
    pending = pending_for_token(token)
    if pending is None:
        return render(request, "network/link_invalid.html", status=404)
    if request.method == "POST":
        confirm_subscription(pending)
        return HttpResponseRedirect(reverse("newsletter_signup") + "?confirmed=1")
    return render(request, "network/newsletter_confirm.html", {"pending": pending})


# Mail programs send the one-click unsubscribe (RFC 8058) as a POST without any cookie; the signed
# token in the address is the whole authorisation, so CSRF protection has nothing to protect.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def newsletter_unsubscribe(request, token):
    subscriber = subscriber_for_token(token)
    if subscriber is None:
        return render(request, "network/link_invalid.html", status=404)
    if request.method == "POST":
        unsubscribe(subscriber)
        return render(request, "network/newsletter_unsubscribe.html", {"done": True})
    return render(request, "network/newsletter_unsubscribe.html", {"done": not subscriber.is_subscribed})
