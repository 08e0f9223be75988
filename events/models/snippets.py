"""Translatable snippets shared by events and the library: venues, people, organisations, vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from events.vocabulary import OrganisationKind


class Venue(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    street_address = models.CharField(_("street address"), max_length=120)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=80)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, hearing loop, accessible toilets, parking …"),
    )
    has_overnight_rooms = models.BooleanField(_("has overnight rooms"), default=False)

    override_translatable_fields = [
        SynchronizedField("street_address"),
        SynchronizedField("postal_code"),
        SynchronizedField("city"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("city")]
    panels = [
        FieldPanel("name"),
        FieldPanel("street_address"),
        FieldPanel("postal_code"),
        FieldPanel("city"),
        FieldPanel("accessibility"),
        FieldPanel("has_overnight_rooms"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.city}"

    @property
    def address(self) -> str:
        return f"{self.street_address}, {self.postal_code} {self.city}"


class Person(TranslatableMixin, index.Indexed, models.Model):
    """A facilitator, speaker or contributor who agreed to be shown on the site."""

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("title or role"), max_length=160, blank=True)
    bio = models.TextField(_("short biography"), blank=True, max_length=800)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    override_translatable_fields = [SynchronizedField("name")]
    search_fields = [index.SearchField("name"), index.SearchField("role")]
    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("photo")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """A partner: trade union, municipality, foundation, institution or voluntary organisation."""

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("Used in addresses and API filters."))
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    description = models.TextField(_("description"), blank=True, max_length=800)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)

    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("website")]
    search_fields = [index.SearchField("name"), index.FilterField("kind")]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("website"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_organisation_slug_per_locale")
        ]

    def __str__(self):
        return self.name


class Vocabulary(TranslatableMixin, models.Model):
    """A label with a stable slug shared by both languages, so filters work in either."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("Used in addresses and API filters."))

    override_translatable_fields = [SynchronizedField("slug")]
    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Theme(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_theme_slug_per_locale")
        ]


class Profession(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("profession")
        verbose_name_plural = _("professions")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_profession_slug_per_locale")
        ]


class TargetGroup(Vocabulary):
    """Who the work is for: children and young people, older citizens, relatives …"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_target_group_slug_per_locale")
        ]
