"""Site-wide facts that editors keep up to date in the admin (Settings → Organisation)."""

from urllib.parse import urlsplit

from stdnum.dk import cvr

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def validate_cvr(value: str) -> None:
    if not cvr.is_valid(value):
        raise ValidationError(_("A CVR number has 8 digits and a valid check digit."), code="invalid_cvr")


def validate_profile_address(value: str) -> None:
    """A footer link to LinkedIn's or Facebook's front page sends visitors nowhere in particular."""
    if not urlsplit(value).path.strip("/"):
        raise ValidationError(
            _(
                "Give the address of the house's own page there (e.g. …/company/innovatarium), "
                "not the front page."
            ),
            code="front_page",
        )


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    organisation_name = models.CharField(_("organisation name"), max_length=120, default="Innovatarium")
    cvr_number = models.CharField(_("CVR number"), max_length=8, blank=True, validators=[validate_cvr])
    street_address = models.CharField(_("street address"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True, validators=[validate_profile_address])
    linkedin_url = models.URLField(_("LinkedIn"), blank=True, validators=[validate_profile_address])
    instagram_url = models.URLField(_("Instagram"), blank=True, validators=[validate_profile_address])
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("contact page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("cvr_number")], heading=_("Organisation")
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("postal_code"),
                FieldPanel("city"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("linkedin_url"), FieldPanel("instagram_url")],
            heading=_("Social media"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_page"), FieldPanel("privacy_page"), FieldPanel("accessibility_page")],
            heading=_("Footer pages"),
            help_text=_("Choose the Danish pages; visitors are sent to the translation in their language."),
        ),
    ]

    class Meta:
        verbose_name = _("organisation")

    @property
    def social_links(self) -> list[tuple[str, str]]:
        candidates = [("Facebook", self.facebook_url), ("LinkedIn", self.linkedin_url)]
        candidates.append(("Instagram", self.instagram_url))
        return [(name, url) for name, url in candidates if url]
