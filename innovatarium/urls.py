"""URL configuration: admin, API and infrastructure outside the language prefix; pages inside it."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from billing.views import order_document, order_page
from core.health import healthz, healthz_worker
from events.views import registration_detail, registration_link
from innovatarium.sitemap import sitemap
from innovatarium.views import favicon
from partner_api.content_api import api_router
from partner_api.feeds import NewListingsFeed
from staff_security.password_reset import LimitedPasswordResetView

urlpatterns = [
    # Wagtail's password reset form, with a limit on how often it sends mail; the rest is Wagtail's.
    path("admin/password_reset/", never_cache(LimitedPasswordResetView.as_view())),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/listings/v1/", include("partner_api.urls")),
    path("healthz", healthz, name="healthz"),
    path("healthz/worker", healthz_worker, name="healthz_worker"),
    path("favicon.ico", favicon),
    path("sitemap.xml", sitemap, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # The pictures only, as the proxy in production: documents go through Wagtail's view at
    # /documents/, which checks the collection's privacy (docs/operations.md).
    for folder in ("images/", "original_images/"):
        urlpatterns += static(settings.MEDIA_URL + folder, document_root=settings.MEDIA_ROOT / folder)

urlpatterns += i18n_patterns(
    # The page without the token first: a token always has a ":", so it never looks like a number.
    path(_("my-registration/<int:number>/"), registration_detail, name="registration_detail"),
    path(_("my-registration/<str:token>/"), registration_link, name="registration_link"),
    path(_("order/<str:token>/"), order_page, name="order_page"),
    path(_("order/<str:token>/documents/<int:number>/"), order_document, name="order_document"),
    path("", include("search.urls")),
    path("feeds/new.atom", NewListingsFeed(), name="new_listings_feed"),
    path("", include("network.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
