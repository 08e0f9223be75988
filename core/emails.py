"""E-mails in the recipient's language, as plain text and HTML, from one pair of templates each."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise


def render_email(
    template: str,
    context: dict,
    *,
    language: str,
    to: str,
    subject: Promise | str,
    subject_params: dict | None = None,
    **message_options,
) -> EmailMultiAlternatives:
    """Render `<template>.txt` and `<template>.html` in `language` into one message to `to`.

    The subject is translated in that language too, then filled in with `subject_params`. The
    templates extend core/email/base.html and .txt, which give the greeting's frame and sign-off.
    """
    with translation.override(language):
        subject = str(subject) % subject_params if subject_params else str(subject)
        context = {**context, "language": language, "subject": subject}
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to], **message_options)
    message.attach_alternative(html, "text/html")
    return message
