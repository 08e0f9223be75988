"""The second factor for staff, through the test client: password, then a code from the app or a
recovery code; setting up an app; the admin closed until then; a superuser removing it."""

import time

import pytest
import time_machine
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from wagtail.models import PageViewRestriction

from staff_security import second_factor

from .helpers import ENROL, VERIFY, app_code, give_app, make_editor, sign_in

pytestmark = pytest.mark.django_db

# Places an editor reaches in the admin: the dashboard, the page explorer, a chooser and the admin API.
ADMIN_PLACES = ["/admin/", "/admin/pages/", "/admin/choose-page/", "/admin/api/main/pages/", "/admin/users/"]


@pytest.fixture(autouse=True)
def required(settings):
    settings.STAFF_REQUIRE_2FA = True


@pytest.fixture
def editor(django_user_model):
    return make_editor(django_user_model)


def assert_held_at(client, step):
    for place in ADMIN_PLACES:
        response = client.get(place)
        assert response.status_code == 302, place
        assert response["Location"].startswith(step + "?next="), (place, response["Location"])


def test_password_then_app_code_opens_the_admin(client, editor):
    device = give_app(editor)
    response = sign_in(client, editor)
    assert response.status_code == 302 and response["Location"] == "/admin/"

    # The password alone opens nothing in the admin, not even its API or a chooser.
    assert_held_at(client, VERIFY)
    assert client.post("/admin/pages/add/home/homepage/1/", {}).status_code == 403

    page = client.get(VERIFY + "?next=/admin/pages/")
    assert page.status_code == 200
    assert b"Totrinsbekr" in page.content  # the step speaks the editor's Danish

    now = time.time()
    with time_machine.travel(now, tick=False):
        wrong_code = f"{(int(app_code(device)) + 1) % 1_000_000:06d}"
        wrong = client.post(VERIFY, {"code": wrong_code, "next": "/admin/pages/"})
        assert wrong.status_code == 400
        assert "Koden er forkert" in wrong.content.decode()
        assert_held_at(client, VERIFY)
        # A wrong code makes the next try wait: even the right code is refused at once.
        waiting = client.post(VERIFY, {"code": app_code(device), "next": "/admin/pages/"})
        assert waiting.status_code == 400
        assert "For mange forkerte koder" in waiting.content.decode()
    password_session = client.session.session_key
    with time_machine.travel(now + 5, tick=False):
        right = client.post(VERIFY, {"code": app_code(device), "next": "/admin/pages/"})
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    assert client.session.session_key != password_session  # a new session key once fully signed in
    for place in ADMIN_PLACES[:4]:
        assert client.get(place).status_code == 200, place


def test_a_code_is_accepted_only_once(editor):
    device = give_app(editor)
    first, second = Client(), Client()
    sign_in(first, editor)
    sign_in(second, editor)
    code = app_code(device)
    assert first.post(VERIFY, {"code": code}).status_code == 302
    assert second.post(VERIFY, {"code": code}).status_code == 400
    assert_held_at(second, VERIFY)


def test_recovery_code_works_once(editor):
    device = give_app(editor)
    code = device.recovery_codes[0]
    first, second = Client(), Client()
    sign_in(first, editor)
    # Typed as people do: upper case, without the hyphens.
    response = first.post(VERIFY, {"code": code.replace("-", "").upper()})
    assert response.status_code == 302
    dashboard = first.get("/admin/")
    assert dashboard.status_code == 200
    assert "Du har 9 tilbage" in dashboard.content.decode()
    assert second_factor.recovery_codes_left(editor) == 9

    sign_in(second, editor)
    assert second.post(VERIFY, {"code": code}).status_code == 400
    assert_held_at(second, VERIFY)


def test_editor_without_an_app_is_sent_to_set_one_up(client, editor):
    sign_in(client, editor)
    assert_held_at(client, ENROL)

    page = client.get(ENROL + "?next=/admin/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "QR" in html  # the QR code, drawn here, no outside service
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    key = second_factor.base64.b32encode(device.bin_key).decode()
    assert key[:4] in html  # the key to type, for phones that cannot scan

    assert client.post(ENROL, {"code": "123456", "next": "/admin/"}).status_code == 400
    with time_machine.travel(time.time() + 5, tick=False):
        done = client.post(ENROL, {"code": app_code(device), "next": "/admin/"})
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    shown = done.content.decode()
    tokens = StaticDevice.objects.get(user=editor).token_set.values_list("token", flat=True)
    assert len(tokens) == second_factor.RECOVERY_CODE_COUNT
    assert all(second_factor.format_recovery_code(token) in shown for token in tokens)
    assert TOTPDevice.objects.get(user=editor).confirmed
    # Setting up the app is the second factor for this session.
    assert client.get("/admin/").status_code == 200


def test_only_the_password_cannot_replace_an_app(client, editor):
    give_app(editor)
    sign_in(client, editor)
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.post(ENROL, {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_new_recovery_codes_replace_the_old_ones(client, editor):
    device = give_app(editor)
    sign_in(client, editor)
    client.post(VERIFY, {"code": app_code(device)})
    response = client.post("/admin/second-factor/recovery-codes/")
    assert response.status_code == 200
    new = StaticDevice.objects.get(user=editor).token_set.values_list("token", flat=True)
    assert not set(new) & {code.replace("-", "") for code in device.recovery_codes}
    assert all(second_factor.format_recovery_code(token) in response.content.decode() for token in new)


def test_a_session_without_the_second_factor_is_anonymous_on_the_site(client, editor, site_pages):
    device = give_app(editor)
    page = site_pages["da"]["om-huset"]
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    sign_in(client, editor)
    assert client.get(page.url).status_code == 302  # sent to sign in, as a stranger would be
    client.post(VERIFY, {"code": app_code(device)})
    assert client.get(page.url).status_code == 200


def test_an_app_is_asked_for_even_where_it_is_optional(client, editor, settings):
    settings.STAFF_REQUIRE_2FA = False
    sign_in(client, editor)
    assert client.get("/admin/").status_code == 200  # no app, not required: the password is enough

    other = Client()
    give_app(editor)
    sign_in(other, editor)
    assert_held_at(other, VERIFY)


def test_people_without_admin_access_are_not_asked(client, django_user_model):
    visitor = django_user_model.objects.create_user("gaest", "gaest@example.dk", "lang-og-sikker-kode-2026")
    sign_in(client, visitor)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_superuser_removes_a_colleagues_second_factor(client, editor, django_user_model):
    give_app(editor)
    boss = django_user_model.objects.create_superuser("chef", "chef@example.dk", "lang-og-sikker-kode-2026")
    boss_device = give_app(boss)
    sign_in(client, boss)
    client.post(VERIFY, {"code": app_code(boss_device)})

    listing = client.get("/admin/users/")
    assert f"/admin/second-factor/remove/{editor.pk}/" in listing.content.decode()
    assert client.get(f"/admin/second-factor/remove/{editor.pk}/").status_code == 200
    response = client.post(f"/admin/second-factor/remove/{editor.pk}/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()

    # The colleague sets up a new app at the next sign-in.
    colleague = Client()
    sign_in(colleague, editor)
    assert_held_at(colleague, ENROL)


def test_only_a_superuser_may_remove_a_second_factor(client, editor, django_user_model):
    other = make_editor(django_user_model, "kollega")
    give_app(other)
    device = give_app(editor)
    sign_in(client, editor)
    client.post(VERIFY, {"code": app_code(device)})
    refused = client.post(f"/admin/second-factor/remove/{other.pk}/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's "no permission"
    assert TOTPDevice.objects.filter(user=other).exists()


def test_operator_removes_a_second_factor_from_the_command_line(editor):
    give_app(editor)
    call_command("reset_second_factor", editor.get_username())
    assert not second_factor.is_enrolled(editor)
    assert not StaticDevice.objects.filter(user=editor).exists()


def test_editors_group_has_admin_access():
    # The tests above rely on Wagtail's Editors group opening the admin.
    assert Group.objects.get(name="Editors").permissions.filter(codename="access_admin").exists()
