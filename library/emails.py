"""The e-mails a contributor receives when staff have decided, in the language they wrote in."""

from django.utils.translation import gettext_lazy as _

from core.addresses import absolute_url
from core.emails import render_email
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


def send_contribution_email(contribution: Contribution, kind: str) -> None:
    page = contribution.page
    render_email(
        "library/email/contribution",
        {
            "contribution": contribution,
            "title": page.title,
            # With one site Wagtail gives a path; with several, a full address already.
            "link": absolute_url(page.get_url()) if kind == "published" else "",
            "intro": INTROS[kind],
        },
        language=contribution.language,
        to=contribution.email,
        subject=SUBJECTS[kind],
        subject_params={"title": page.title},
    ).send()
