"""Contributions: practitioners share an idea, a case story or a method, which staff review and publish."""

from http import HTTPMethod

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from home.blocks import BaseStreamBlock
from home.models import BasePage
from library.vocabulary import Licence, licence_url


class ContributionKind(models.TextChoices):
    IDEA = "idea", _("An idea")
    CASE = "case", _("A case story")
    METHOD = "method", _("A method or tool")


class ContributionDecision(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class ContributionPage(BasePage):
    """The page with the contribution form; what is sent becomes a draft resource in the library."""

    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("guidance"),
        blank=True,
        help_text=_("What we are looking for and what happens after sending, shown beside the form."),
    )
    thank_you = models.TextField(
        _("thank-you text"),
        max_length=600,
        blank=True,
        help_text=_(
            "Shown after sending, under the heading “Thank you for your contribution”: no need to say it "
            "again. Empty: a standard text."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("thank_you"),
    ]
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []
    max_count_per_parent = 1
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS, HTTPMethod.POST]

    class Meta:
        verbose_name = _("contribution form")

    def serve(self, request, *args, **kwargs):
        from library.views import contribution_page

        return contribution_page(self, request)

    def get_context(self, request, *args, **kwargs):
        """An empty form by default, so the admin's preview shows the page as visitors see it."""
        from library.forms import ContributionForm

        context = super().get_context(request, *args, **kwargs)
        language = translation.get_language()
        context["form"] = ContributionForm(language=language)
        context["licence_url"] = licence_url(Licence.CC_BY_SA, language)
        context["sent"] = request.method == "GET" and request.GET.get("sent") == "1"
        return context


class Contribution(models.Model):
    """Who sent a resource in, kept apart from the page so their address never reaches the public."""

    page = models.OneToOneField(
        "library.ResourcePage",
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        related_name="contribution",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ContributionKind.choices)
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    consented_to_licence_at = models.DateTimeField(_("accepted the licence"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decision = models.CharField(
        _("decision"),
        max_length=16,
        choices=ContributionDecision.choices,
        default=ContributionDecision.PENDING,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at"]

    def __str__(self):
        # Not the sender's name: this text is copied into the admin's audit log, which outlives the row.
        return self.page.title
