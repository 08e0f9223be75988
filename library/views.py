"""Views of the library app: the contribution form."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import translation

from events.ratelimit import allow
from library.contributions import submit_contribution
from library.forms import ContributionForm

CONTRIBUTION_POSTS_PER_HOUR = 10


def contribution_page(page, request):
    """Show the form; on POST, turn a valid contribution into a draft and say thank you."""
    context = page.get_context(request)  # with an empty form
    if request.method == "POST":
        limit = getattr(settings, "CONTRIBUTION_POSTS_PER_HOUR", CONTRIBUTION_POSTS_PER_HOUR)
        if not allow(request, "contribution", limit, 3600):
            return render(request, "library/contribution_rate_limited.html", {"page": page}, status=429)
        form = ContributionForm(request.POST, request.FILES, language=translation.get_language())
        if form.is_valid():
            # A bot that filled in the hidden field is thanked like anyone else, and nothing is kept.
            if not form.is_spam:
                submit_contribution(page, form.submission())
            return HttpResponseRedirect(page.get_url(request) + "?sent=1")
        context["form"] = form
    return TemplateResponse(request, page.get_template(request), context)
