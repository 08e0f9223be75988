"""The admin form every page of the site starts from."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page


class SitePageForm(WagtailAdminPageForm):
    """Points to the draft that holds a new page's address, instead of only refusing the address.

    Wagtail saves a new page as a draft while the editor types. An editor who leaves that first try
    and starts again with the same title is told the address "is already in use", with no way to see
    by what: the earlier try is a draft that appears nowhere on the site. Here the error names that
    draft and links to it, so the editor continues it (or deletes it) rather than guessing.
    """

    def _post_clean(self):
        # The address is checked twice: by the form's clean() and by the page's own validation,
        # which runs here, after it.
        super()._post_clean()
        # A refused address has left cleaned_data: take it as typed.
        slug = (self.data.get(self.add_prefix("slug")) or "").strip()
        if slug and self.has_error("slug") and self.parent_page is not None:
            holder = self.never_published_sibling(slug)
            if holder is not None:
                self._errors["slug"] = self.error_class([self.draft_holds_the_address(holder)])

    def never_published_sibling(self, slug: str) -> Page | None:
        siblings = self.parent_page.get_children().filter(slug=slug, first_published_at__isnull=True)
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        return siblings.first()

    @staticmethod
    def draft_holds_the_address(holder: Page) -> str:
        return format_html(
            _(
                "A draft that was never published, “{title}”, already has this address. "
                '<a href="{url}">Continue that draft</a>, delete it, or choose another address.'
            ),
            title=holder.get_admin_display_title(),
            url=reverse("wagtailadmin_pages:edit", args=[holder.pk]),
        )
