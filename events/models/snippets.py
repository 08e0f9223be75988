"""Translatable snippets shared by events and the library: venues, people, organisations, vocabularies."""

from django import forms
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from events.vocabulary import OrganisationKind

DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def unique_slug(model, name: str, locale_id, pk=None) -> str:
    """A slug made from the name, numbered when another row of the same language has it. Danish
    letters are spelt out the Danish way (Kjær → kjaer), where slugify would drop ø altogether."""
    base = slugify(name.translate(DANISH_LETTERS))[:70] or model._meta.model_name
    slug, number = base, 1
    while model.objects.filter(slug=slug, locale_id=locale_id).exclude(pk=pk).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


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
    """A facilitator, speaker or contributor. Named on the events and resources they took part in;
    a page of their own in the directory only when they agreed to it."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        blank=True,
        help_text=_("Used in the address of the person's directory page. Made from the name when empty."),
    )
    show_in_directory = models.BooleanField(
        _("show in the directory"),
        default=False,
        help_text=_(
            "Only with the person's consent: a public page with their role, biography, events and "
            "material. Applies to every language at once."
        ),
    )
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

    override_translatable_fields = [
        SynchronizedField("name"),
        SynchronizedField("slug"),
        SynchronizedField("show_in_directory"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("role")]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("show_in_directory"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_person_slug_per_locale")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Person, self.name, self.locale_id, self.pk)
        super().save(*args, **kwargs)


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
    themes = models.ManyToManyField(
        "events.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="+",
        help_text=_("What the organisation works on; the directory filters by it. Shared by every language."),
    )
    show_in_directory = models.BooleanField(
        _("show in the directory"),
        default=True,
        help_text=_(
            "A public page with the description, themes, events and material. Applies to every language."
        ),
    )

    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("kind"),
        SynchronizedField("website"),
        SynchronizedField("show_in_directory"),
    ]
    search_fields = [index.SearchField("name"), index.FilterField("kind")]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("show_in_directory"),
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
