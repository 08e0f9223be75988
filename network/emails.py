"""E-mails of the network app, in the recipient's language, as plain text and HTML."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from network.models import PendingSubscription, Subscriber
from network.tokens import confirmation_token, unsubscribe_token


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def unsubscribe_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        return absolute(reverse("newsletter_unsubscribe", args=[unsubscribe_token(subscriber)]))


def render_message(template: str, context: dict, language: str, to: str, **kwargs) -> EmailMultiAlternatives:
    """Render `network/email/<template>.txt` and `.html` in `language` into one message."""
    with translation.override(language):
        context = {**context, "language": language}
        text = render_to_string(f"network/email/{template}.txt", context)
        html = render_to_string(f"network/email/{template}.html", context)
    message = EmailMultiAlternatives(context["subject"], text, to=[to], **kwargs)
    message.attach_alternative(html, "text/html")
    return message


def send_confirmation(pending: PendingSubscription) -> None:
    with translation.override(pending.language):
        link = absolute(reverse("newsletter_confirm", args=[confirmation_token(pending)]))
        subject = _("Please confirm your newsletter subscription")
    render_message("confirm", {"subject": subject, "link": link}, pending.language, pending.email).send()


def subscriber_message(template: str, context: dict, subscriber: Subscriber) -> EmailMultiAlternatives:
    """A message to a confirmed subscriber, with a one-click unsubscribe link in the text and in the
    headers that mail programs show as a button (RFC 2369 and RFC 8058)."""
    link = unsubscribe_url(subscriber)
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return render_message(
        template,
        {**context, "unsubscribe_link": link},
        subscriber.language,
        subscriber.email,
        headers=headers,
    )
