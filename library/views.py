"""Views of the library app: the contribution form."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.ratelimit import Limit, rate_limited
from library.contributions import submit_contribution
from library.forms import ContributionForm

# Contributions make drafts and e-mail the moderators: refused while the cache cannot count them.
CONTRIBUTION_POSTS = Limit("contribution", 10, setting="CONTRIBUTION_POSTS_PER_HOUR", fails_open=False)


@rate_limited(
    CONTRIBUTION_POSTS,
    _(
        "We have received many contributions from your connection in a short time. Please try again "
        "in an hour, or send your contribution to us by e-mail."
    ),
)
def contribution_page(page, request):
    """Show the form; on POST, turn a valid contribution into a draft and say thank you."""
    context = page.get_context(request)  # with an empty form
    if request.method == "POST":
        form = ContributionForm(request.POST, request.FILES, language=translation.get_language())
        if form.is_valid():
            # A bot that filled in the hidden field is thanked like anyone else, and nothing is kept.
            if not form.is_spam:
                submit_contribution(page, form.submission())
            return HttpResponseRedirect(page.get_url(request) + "?sent=1")
        context["form"] = form
    return TemplateResponse(request, page.get_template(request), context)
