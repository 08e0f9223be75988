"""An editor sets up two-step verification and signs in with it, in a real browser, in Danish; the
admin's own Content-Security-Policy holds on the way."""

import base64
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from wagtail.models import Page

from tests.e2e.test_csp import PolicyWatch
from tests.staff_security.helpers import PASSWORD, make_editor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class AdminPolicyWatch(PolicyWatch):
    def _response(self, response):
        if response.request.resource_type != "document" or not response.url.startswith(self.base_url):
            return
        self.documents.append(response.url)
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy, response.url
        assert "script-src-attr 'none'" in policy and "object-src 'none'" in policy, response.url
        assert "unsafe-eval" not in policy, response.url


def code_from_the_app(key: str, steps_ahead: int = 0) -> str:
    """What the phone shows for the key typed into it (its clock may run a step ahead)."""
    totp = TOTP(base64.b32decode(key.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def sign_in_with_password(page, base_url, user):
    page.goto(base_url + "/admin/")
    page.locator("input[name=username]").fill(user.get_username())
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Log Ind").click()


def test_editor_sets_up_the_app_and_signs_in_with_it(demo_site, page, django_user_model, settings):
    settings.STAFF_REQUIRE_2FA = True
    editor = make_editor(django_user_model)
    watch = AdminPolicyWatch(page, demo_site.url)

    sign_in_with_password(page, demo_site.url, editor)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sæt totrinsbekræftelse op")
    expect(page.locator(".staff-security-qr svg")).to_be_visible()
    key = page.locator(".staff-security-key").inner_text()
    page.get_by_label("Kode fra appen").fill(code_from_the_app(key))
    page.get_by_role("button", name="Bekræft appen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dine gendannelseskoder")
    expect(page.locator(".staff-security-codes li")).to_have_count(10)
    page.get_by_role("link", name="Jeg har gemt koderne").click()
    page.wait_for_url(demo_site.url + "/admin/")
    expect(page.locator("#wagtail-sidebar, [data-side-panel], .sidebar").first).to_be_attached()

    # Editing a page with its live preview (the admin frames itself), under the admin's policy.
    about = Page.objects.get(slug="om-huset", locale__language_code="da")
    page.goto(f"{demo_site.url}/admin/pages/{about.pk}/edit/")
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text("Om huset")

    # Another day, another browser: the password, then the code the app shows now.
    page.context.clear_cookies()
    sign_in_with_password(page, demo_site.url, editor)
    expect(page.get_by_role("heading", level=1)).to_have_text("Totrinsbekræftelse")
    page.get_by_label("Kode").fill(code_from_the_app(key, steps_ahead=1))
    page.get_by_role("button", name="Fortsæt").click()
    page.wait_for_url(demo_site.url + "/admin/")

    page.wait_for_load_state("networkidle")
    watch.assert_clean()
