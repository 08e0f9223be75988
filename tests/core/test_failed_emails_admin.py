"""Staff see the e-mails that failed for good in the admin (Reports → Failed e-mails, and on the
dashboard), the address only with permission over the data it is in, and send them again."""

import pytest
from bs4 import BeautifulSoup
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from events.tasks import send_registration_email
from tests.events.factories import make_event, make_registration

pytestmark = pytest.mark.django_db

SOFIE = "sofie@example.dk"
REFUSAL = (
    "Traceback (most recent call last):\n  ...\n"
    f"smtplib.SMTPRecipientsRefused: {{'{SOFIE}': (550, b'Mailbox unavailable')}}\n"
)


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def failed_email():
    event = make_event(capacity=5)
    registration = make_registration(event, "Sofie Hansen", email=SOFIE)
    result = DBTaskResult.objects.get(pk=send_registration_email.enqueue(registration.pk, "confirmation").id)
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=TaskResultStatus.FAILED,
        worker_ids=["w1", "w2", "w3"],
        started_at=timezone.now(),
        finished_at=timezone.now(),
        exception_class_path="smtplib.SMTPRecipientsRefused",
        traceback=REFUSAL,
    )
    return result


def staff(django_user_model, client, *codenames):
    user = django_user_model.objects.create_user("staff", password="x")  # noqa: S106
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    client.force_login(user)
    return client


def rows(response) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "lxml")
    return [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in soup.select("tbody tr")]


def test_the_list_shows_what_failed_with_the_address_for_those_who_may_see_it(admin_client, failed_email):
    response = admin_client.get(reverse("failed_emails"))
    assert response.status_code == 200
    [row] = rows(response)
    assert row[0].startswith("Tilmeldingsmail")
    assert row[1] == SOFIE
    assert SOFIE in row[2] and "SMTPRecipientsRefused" in row[2]
    assert row[3] == "3"


def test_without_permission_over_registrations_the_address_stays_hidden(
    client, django_user_model, failed_email
):
    client = staff(django_user_model, client, "view_failedemail")
    response = client.get(reverse("failed_emails"))
    [row] = rows(response)
    assert row[1] == "(ikke vist)"
    assert row[2] == "SMTPRecipientsRefused", "the refusal's text quotes the address"
    assert SOFIE not in response.content.decode()
    detail = client.get(reverse("failed_email", args=[failed_email.pk]))
    assert SOFIE not in detail.content.decode()
    assert b"Send igen" not in detail.content, "viewing is not resending"
    refused = client.post(reverse("failed_email", args=[failed_email.pk]))
    assert refused.status_code in (302, 403)  # Wagtail sends a refused user to the dashboard
    assert DBTaskResult.objects.get(pk=failed_email.pk).status == TaskResultStatus.FAILED


def test_the_list_needs_its_permission(client, django_user_model, failed_email):
    client = staff(django_user_model, client, "view_registration")
    assert client.get(reverse("failed_emails")).status_code in (302, 403)
    assert reverse("failed_emails") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_sending_again_queues_the_email_with_a_fresh_set_of_tries(client, django_user_model, failed_email):
    client = staff(django_user_model, client, "view_failedemail", "resend_failedemail", "view_registration")
    detail = client.get(reverse("failed_email", args=[failed_email.pk]))
    assert SOFIE in detail.content.decode()

    response = client.post(reverse("failed_email", args=[failed_email.pk]), follow=True)

    result = DBTaskResult.objects.get(pk=failed_email.pk)
    assert result.status == TaskResultStatus.READY and result.worker_ids == []
    assert result.run_after <= timezone.now()
    assert rows(response) == [], "no longer in the list"


def test_sending_all_again_after_an_outage(client, django_user_model, failed_email):
    client = staff(django_user_model, client, "view_failedemail", "resend_failedemail")
    page = client.get(reverse("failed_emails_resend_all"))
    assert "1 e-mail" in page.content.decode()
    client.post(reverse("failed_emails_resend_all"))
    assert DBTaskResult.objects.get(pk=failed_email.pk).status == TaskResultStatus.READY


def test_the_dashboard_says_how_many_failed(client, django_user_model, failed_email):
    client = staff(django_user_model, client, "view_failedemail")
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert reverse("failed_emails") in dashboard.content.decode(), "in the Reports menu"
    panel = BeautifulSoup(dashboard.content, "lxml").select_one("#failed-emails-section")
    assert panel is not None and "1 e-mail" in panel.get_text(" ", strip=True)


def test_no_panel_when_nothing_failed(admin_client):
    soup = BeautifulSoup(admin_client.get(reverse("wagtailadmin_home")).content, "lxml")
    assert soup.select_one("#failed-emails-section") is None
