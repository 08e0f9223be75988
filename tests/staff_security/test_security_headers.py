"""The headers every response carries: the public site's Content-Security-Policy (enforced, no
unsafe-inline), the admin's own, and the Permissions-Policy; embeds stay inside both."""

import re

import pytest

from django.conf import settings

from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedUnsupportedProviderException
from wagtail.embeds.format import embed_to_frontend_html
from wagtail.embeds.models import Embed

pytestmark = pytest.mark.django_db

PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; style-src 'self'; font-src 'self'; "
    "frame-src https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com; "
    "img-src 'self' data:; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'"
)
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; script-src-attr 'none'; object-src 'none'; "
    "style-src 'self' 'unsafe-inline'; font-src 'self'; "
    "frame-src 'self' https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com; "
    "img-src 'self' data: blob:; base-uri 'self'; form-action 'self'; frame-ancestors 'self'; "
    "connect-src 'self'"
)


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_public_pages_are_under_the_strict_policy(client, site_pages):
    for url in ["/", "/en/", site_pages["da"]["om-huset"].url, "/sitemap.xml", "/findes-ikke/"]:
        response = client.get(url)
        assert response.has_header("Content-Security-Policy"), url
        assert not response.has_header("Content-Security-Policy-Report-Only"), url
        assert directives(response["Content-Security-Policy"]) == directives(PUBLIC_POLICY), url


def test_a_nonce_is_added_only_where_a_template_uses_one(client):
    docs = client.get("/api/listings/v1/docs")
    nonce = re.search(r'<style nonce="([^"]+)">', docs.content.decode()).group(1)
    policy = directives(docs["Content-Security-Policy"])
    assert policy["style-src"] == f"'self' 'nonce-{nonce}'"
    assert client.get("/api/listings/v1/docs").content.decode().count(nonce) == 0  # new for each answer


def test_the_admin_has_its_own_policy(client):
    response = client.get("/admin/login/")
    assert directives(response["Content-Security-Policy"]) == directives(ADMIN_POLICY)


def test_every_response_denies_the_browser_features_the_site_does_not_use(client):
    for url in ["/", "/admin/login/", "/api/listings/v1/docs", "/healthz"]:
        policy = client.get(url)["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy, (url, feature)
        assert 'fullscreen=(self "https://www.youtube.com"' in policy


def test_embedded_videos_have_no_inline_style():
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    Embed.objects.create(
        url=url,
        hash=embeds.get_embed_hash(url),
        type="video",
        html='<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="480" height="270"></iframe>',
        width=480,
        height=270,
    )
    html = embed_to_frontend_html(url)
    assert 'class="responsive-object"' in html and "youtube.com/embed" in html
    assert "style=" not in html


def test_only_the_video_hosts_the_policy_frames_can_be_embedded():
    # Answered from the settings alone: no request leaves the machine.
    with pytest.raises(EmbedUnsupportedProviderException):
        embeds.get_embed("https://twitter.com/innovatarium/status/1")
    assert settings.VIDEO_EMBED_ORIGINS == [
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ]


def test_admin_preview_keeps_the_admin_policy(admin_client, site_pages):
    # The preview runs the public page through the middleware again, inside the admin's request.
    page = site_pages["da"]["om-huset"]
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    admin_client.post(preview_url, {"title": page.title, "slug": page.slug, "body-count": 0})
    response = admin_client.get(preview_url)
    assert response.status_code == 200 and "<h1>Om huset</h1>" in response.content.decode()
    assert directives(response["Content-Security-Policy"]) == directives(ADMIN_POLICY)
