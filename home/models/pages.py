"""The page types every part of the site builds on."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.api_fields import PageImageField, StreamHTMLField
from core.localised_choices import LocalisedChoicesForm, wrong_language_errors
from home.blocks import BaseStreamBlock, HomeStreamBlock, LinkBlock, StickyNoteBlock


class BasePage(Page):
    """Fields and behaviour shared by all public pages: a sharing image and a short introduction."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        max_length=500,
        help_text=_("One or two sentences shown under the title and in lists."),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared on social media."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]
    # Venues, themes, people … are offered in the page's language only (core/localised_choices.py).
    base_form_class = LocalisedChoicesForm
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    # Content API (/api/v2/); the sharing image has no alt text of its own, it is for link previews.
    api_fields = [
        APIField("introduction"),
        APIField("social_image", serializer=PageImageField("social_image", "", "fill-1200x630", source="*")),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = wrong_language_errors(self)
        if errors:
            raise ValidationError(errors)

    @property
    def meta_description(self) -> str:
        return self.search_description or self.introduction


class HomePage(BasePage):
    hero_heading = models.CharField(_("hero heading"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True, max_length=400)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("hero image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image; leave empty only if it is decoration."),
    )
    hero_actions = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("hero actions"),
        blank=True,
        max_num=2,
        help_text=_("At most two buttons; the first is the primary action."),
    )
    sticky_notes = StreamField(
        [("note", StickyNoteBlock())],
        verbose_name=_("sticky notes"),
        blank=True,
        max_num=4,
        help_text=_("Short prompts shown as notes on a wall: the playful touch of the home page."),
    )
    body = StreamField(HomeStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_actions"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("introduction"),
        FieldPanel("sticky_notes"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("hero_text"), index.SearchField("body")]
    api_fields = [
        *BasePage.api_fields,
        APIField("hero_heading"),
        APIField("hero_text"),
        APIField("hero_image", serializer=PageImageField("hero_image", "hero_image_alt", source="*")),
        APIField("hero_actions", serializer=StreamHTMLField()),
        APIField("sticky_notes", serializer=StreamHTMLField()),
        APIField("body", serializer=StreamHTMLField()),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 2  # the Danish home page and its English translation

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class StandardPage(BasePage):
    """About the house, accommodation, contact, privacy policy, accessibility statement …"""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    api_fields = [*BasePage.api_fields, APIField("body", serializer=StreamHTMLField())]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
