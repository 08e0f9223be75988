"""Small site-wide views that belong to no app."""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@require_safe
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; send them to the SVG icon.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
