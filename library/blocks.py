"""Blocks used only by resource pages: the steps of a method and links to material elsewhere."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=160)
    text = blocks.RichTextBlock(label=_("What to do"), features=["bold", "italic", "link", "ol", "ul"])
    minutes = blocks.IntegerBlock(
        label=_("Minutes"), required=False, min_value=1, max_value=600, help_text=_("Optional.")
    )

    class Meta:
        icon = "list-ol"
        label = _("Step")


class ExternalLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Link text"), max_length=120)
    url = blocks.URLBlock(label=_("Address"))
    description = blocks.CharBlock(label=_("What the visitor finds there"), max_length=200, required=False)

    class Meta:
        icon = "link-external"
        label = _("External link")

    def get_api_representation(self, value, context=None):
        return {"label": value["label"], "url": value["url"], "description": value["description"]}
