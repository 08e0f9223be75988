"""E-mails of the network app that go to newsletter subscribers, with their one-click unsubscribe link."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.addresses import absolute_url
from core.emails import render_email
from network.models import PendingSubscription, Subscriber
from network.tokens import confirmation_token, unsubscribe_token


def unsubscribe_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        return absolute_url(reverse("newsletter_unsubscribe", args=[unsubscribe_token(subscriber)]))


def send_confirmation(pending: PendingSubscription) -> None:
    with translation.override(pending.language):
        link = absolute_url(reverse("newsletter_confirm", args=[confirmation_token(pending)]))
    render_email(
        "network/email/confirm",
        {"link": link},
        language=pending.language,
        to=pending.email,
        subject=_("Please confirm your newsletter subscription"),
    ).send()


def subscriber_message(template: str, context: dict, subscriber: Subscriber, subject):
    """A message to a confirmed subscriber, with a one-click unsubscribe link in the text and in the
    headers that mail programs show as a button (RFC 2369 and RFC 8058)."""
    link = unsubscribe_url(subscriber)
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return render_email(
        f"network/email/{template}",
        {**context, "unsubscribe_link": link},
        language=subscriber.language,
        to=subscriber.email,
        subject=subject,
        headers=headers,
    )
