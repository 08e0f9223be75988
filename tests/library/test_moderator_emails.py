"""The e-mails staff get about a contribution: one for each moderator, never two, each in the
moderator's own admin language (Wagtail's workflow notifications, rendered per recipient)."""

import pytest

from django.core import mail

from wagtail.users.models import UserProfile

from library.contributions import Submission, submit_contribution
from tests.library.contribution_factories import contribution_form_page, moderator

pytestmark = pytest.mark.django_db

SUBMISSION = Submission(
    kind="method",
    title="Borgerpanel på en eftermiddag",
    summary="Et panel af borgere samlet på tre timer.",
    phase="ideate",
    text="Sådan gør vi.",
    name="Karen Østergaard",
    email="karen.oestergaard@example.dk",
    language="da",
)


def speaks(user, language: str):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def moderators():
    """Mette reads the admin in Danish, Sam in English; Ida is an administrator who moderates too."""
    ida = speaks(moderator("ida"), "da")
    ida.is_superuser = True
    ida.save()
    return {"mette": speaks(moderator("mette"), "da"), "sam": speaks(moderator("sam"), "en"), "ida": ida}


def mails_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def submitted(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return submit_contribution(contribution_form_page("da"), SUBMISSION)


def test_every_moderator_gets_one_email_even_an_administrator(moderators, django_capture_on_commit_callbacks):
    submitted(django_capture_on_commit_callbacks)
    emails = {name: len(mails_to(user)) for name, user in moderators.items()}
    assert emails == {"mette": 1, "sam": 1, "ida": 1}


def test_each_moderator_reads_it_in_their_own_language(moderators, django_capture_on_commit_callbacks):
    resource = submitted(django_capture_on_commit_callbacks)
    (danish,) = mails_to(moderators["mette"])
    (english,) = mails_to(moderators["sam"])

    assert resource.title in danish.subject and resource.title in english.subject
    assert danish.body.startswith("Hej mette,")
    assert "er sendt til godkendelse" in danish.subject
    assert "Du kan redigere siden her:" in danish.body
    assert "Redigér dine indstillinger for notifikationer her:" in danish.body
    for english_words in ("Hello", "submitted", "You can", "Edit your notification preferences"):
        assert english_words not in danish.subject + danish.body

    assert english.body.startswith("Hello sam,")
    assert "has been submitted for approval" in english.subject
    assert "You can edit the page here:" in english.body
    edit_link = f"/admin/pages/{resource.pk}/edit/"
    assert edit_link in danish.body and edit_link in english.body


def test_the_moderator_decides_in_danish(client, moderators, django_capture_on_commit_callbacks):
    """The workflow's actions in the page editor: Wagtail's Danish catalogue lacks two of them."""
    resource = submitted(django_capture_on_commit_callbacks)
    client.force_login(moderators["ida"])
    editor = client.get(f"/admin/pages/{resource.pk}/edit/").content.decode()
    assert "Godkend med kommentar og Publicér" in editor and "Bed om ændringer" in editor
    assert "Approve with comment" not in editor and "Request changes" not in editor
