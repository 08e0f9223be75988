"""People and organisations: snippets named on events and resources, and the directory's entries."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.text import danish_slugify


class OrganisationKind(models.TextChoices):
    UNION = "union", _("Trade union")
    MUNICIPALITY = "municipality", _("Municipality")
    INSTITUTION = "institution", _("Institution")
    FOUNDATION = "foundation", _("Foundation")
    NGO = "ngo", _("Voluntary organisation")
    EDUCATION = "education", _("Educational institution")


def unique_slug(model, name: str, locale_id, pk=None) -> str:
    """A slug made from the name, numbered when another row of the same language has it."""
    base = danish_slugify(name)[:70] or model._meta.model_name
    slug, number = base, 1
    while model.objects.filter(slug=slug, locale_id=locale_id).exclude(pk=pk).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


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
        "taxonomy.Theme",
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
