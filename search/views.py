"""Views of the search app: the search page and the suggestions for the search box."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from home.templatetags.site_tags import active_locale
from search.site_search import SearchRequest, autocomplete, search


@require_GET
def search_page(request):
    search_request = SearchRequest.from_query(request.GET)
    outcome = search(search_request, active_locale(request))
    response = render(
        request,
        "search/search_page.html",
        {"outcome": outcome, "search_query": search_request.query},
    )
    # Search terms can say something about a person: keep them out of shared caches.
    patch_cache_control(response, private=True)
    return response


@require_GET
def search_suggestions(request):
    suggestions = autocomplete(request.GET.get("q", ""), active_locale(request), request)
    response = JsonResponse({"suggestions": suggestions})
    patch_cache_control(response, private=True, max_age=60)
    return response
