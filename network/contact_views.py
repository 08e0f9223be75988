"""The contact form page for a person or an organisation of the directory."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.ratelimit import Limit, client_address, rate_limited
from network.contact import contact_address_for, recipient_has_room, relay_message, sender_may_write
from network.contact_forms import ContactForm
from network.views import TOO_MANY_MESSAGES
from people.models import Organisation, Person

# Relayed messages reach real people's inboxes: refused while the cache cannot count them.
CONTACT_POSTS = Limit("contact", 5, setting="CONTACT_POSTS_PER_HOUR", fails_open=False)
RECIPIENT_KINDS = {"person": Person, "organisation": Organisation}


def _recipient(kind: str, key):
    """The person or organisation in the visitor's language (or any), if it takes messages."""
    model = RECIPIENT_KINDS.get(kind)
    if model is None:
        raise Http404
    language = translation.get_language()
    candidates = sorted(
        model.objects.filter(translation_key=key).select_related("locale"),
        key=lambda snippet: snippet.locale.language_code != language,
    )
    if not candidates or contact_address_for(candidates[0]) is None:
        raise Http404
    return candidates[0]


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited(CONTACT_POSTS, TOO_MANY_MESSAGES)
def contact(request, kind, key):
    recipient = _recipient(kind, key)
    form = ContactForm()
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            if form.is_spam:  # answered as if it had worked; nothing is sent
                return HttpResponseRedirect(request.path + "?sent=1")
            data = form.cleaned_data
            address = contact_address_for(recipient)
            if not sender_may_write(address, client_address(request), data["email"]):
                form.add_error(
                    None,
                    _(
                        "You have already written to this recipient today. Please wait for their answer, "
                        "or write again tomorrow."
                    ),
                )
            elif recipient_has_room(address):
                relay_message(recipient, data["name"].strip(), data["email"], data["message"])
                return HttpResponseRedirect(request.path + "?sent=1")
            else:
                form.add_error(
                    None, _("This recipient has had many messages today. Please try again tomorrow.")
                )
    return render(
        request,
        "network/contact.html",
        {
            "recipient": recipient,
            "form": form,
            "contact_url": request.path,
            "sent": request.GET.get("sent") == "1" and request.method == "GET",
        },
    )
