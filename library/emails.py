"""The e-mails a contributor receives when staff have decided, in the language they wrote in."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from library.models import Contribution

SUBJECTS = {
    "published": _("Your contribution is in the library: %(title)s"),
    "rejected": _("About your contribution: %(title)s"),
}
INTROS = {
    "published": _(
        "Thank you for sharing your experience. We have read your contribution and published it in "
        "the library, where other practitioners can find it, use it and build on it."
    ),
    "rejected": _(
        "Thank you for taking the time to share your contribution with us. We have read it carefully, "
        "but we will not publish it in the library this time. That says nothing about the value of "
        "your work: the library has to keep a narrow focus. You are very welcome to send us "
        "something again, and to write to us if you would like to hear more."
    ),
}


def public_url(page) -> str:
    url = page.get_url()
    # With one site Wagtail gives a path; with several, a full address already.
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url if url.startswith("/") else url


def send_contribution_email(contribution: Contribution, kind: str) -> None:
    page = contribution.page
    with translation.override(contribution.language):
        context = {
            "contribution": contribution,
            "title": page.title,
            "link": public_url(page) if kind == "published" else "",
            "language": contribution.language,
            "subject": str(SUBJECTS[kind] % {"title": page.title}),
            "intro": str(INTROS[kind]),
        }
        text = render_to_string("library/email/contribution.txt", context)
        html = render_to_string("library/email/contribution.html", context)
    message = EmailMultiAlternatives(context["subject"], text, to=[contribution.email])
    message.attach_alternative(html, "text/html")
    message.send()
