"""URLs of the listings API, version 1, mounted at /api/listings/v1/."""

from django.urls import path, re_path

from partner_api.api import api
from partner_api.docs import reference
from partner_api.http import error_response


def unknown_endpoint(request, rest=""):
    return error_response(404, "No such endpoint; see /api/listings/v1/docs.")


urlpatterns = [
    path("docs", reference, name="listings_api_docs"),
    path("", api.urls),
    # [\s\S], not ".": a path with an encoded line break is an unknown endpoint too, answered in JSON.
    re_path(r"^(?P<rest>[\s\S]*)$", unknown_endpoint),
]
