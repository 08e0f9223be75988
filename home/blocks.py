"""The shared StreamField block library that every page type composes."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3"))],
        default="h2",
        label=_("Level"),
        help_text=_("Use level 2 for sections and level 3 inside them, so screen readers get an outline."),
        # Presentation, not content: indexed, "Niveau 2" was a search hit and showed in result passages.
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading.html"


class FigureBlock(blocks.StructBlock):
    """An image with an optional caption.

    The image and its alt text are Wagtail's own ImageBlock: the editor writes the alt text or marks
    the image as decorative, Wagtail suggests the image's description, and wagtail-localize offers the
    alt text for translation like any other text on the page.
    """

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"

    def get_api_representation(self, value, context=None):
        image = value["image"]
        rendition = image.get_rendition("width-1200|format-webp")
        return {
            "url": rendition.full_url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": image.contextual_alt_text,
            "decorative": image.decorative,
            "caption": value["caption"],
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote.html"


class LinkBlock(blocks.StructBlock):
    """A link to a page on the site or to an address elsewhere, with its own label."""

    label = blocks.CharBlock(label=_("Link text"), max_length=80, required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an address"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = bool(value.get("page")), bool(value.get("url"))
        if has_page and has_url:
            message = _("Choose either a page or an address, not both.")
        elif value.get("label") and not (has_page or has_url):
            message = _("Choose the page or enter the address the link goes to.")
        elif (has_page or has_url) and not value.get("label"):
            message = _("Enter the text of the link.")
        else:
            return value
        raise blocks.StructBlockValidationError(block_errors={"page": blocks.BlockValidationError(message)})

    def get_api_representation(self, value, context=None):
        page = value.get("page")
        return {"label": value["label"], "url": page.localized.full_url if page else value.get("url") or ""}


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    link = LinkBlock(label=_("Button"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "components/blocks/call_to_action.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "components/blocks/document_link.html"

    def get_api_representation(self, value, context=None):
        document = value["document"]
        return {
            "title": value["label"] or document.title,
            "url": document.url,
            "file_extension": document.file_extension,
            "file_size": document.get_file_size(),
        }


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question or title"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"])


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Items"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Accordion / FAQ")
        template = "components/blocks/accordion.html"


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul", "hr"]


class BaseStreamBlock(blocks.StreamBlock):
    """The block library shared by every page type."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="components/blocks/paragraph.html",
    )
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    embed = EmbedBlock(label=_("Video or other embed"), icon="media", template="components/blocks/embed.html")
    document = DocumentLinkBlock()
    accordion = AccordionBlock()
    table = TableBlock(
        label=_("Table"),
        help_text=_("Give the table a caption and a header row, so screen readers can explain it."),
        table_options={"startRows": 3, "startCols": 3},
        template="components/blocks/table.html",
    )


class StickyNoteBlock(blocks.StructBlock):
    """One of the playful notes on the home page wall: a short prompt that makes innovation concrete."""

    text = blocks.CharBlock(label=_("Text"), max_length=90)
    colour = blocks.ChoiceBlock(
        choices=[("yellow", _("Yellow")), ("pink", _("Pink")), ("green", _("Green")), ("blue", _("Blue"))],
        default="yellow",
        label=_("Colour"),
        search_index=False,
    )


class HowItWorksItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.TextBlock(label=_("Text"))
    link = LinkBlock(label=_("Link"), required=False)


class HomeStreamBlock(BaseStreamBlock):
    """The home page adds its own sections to the shared library."""

    how_it_works = blocks.StructBlock(
        [
            ("heading", blocks.CharBlock(label=_("Heading"), max_length=120)),
            ("items", blocks.ListBlock(HowItWorksItemBlock(), min_num=1, max_num=4, label=_("Items"))),
        ],
        icon="list-ol",
        label=_("How it works"),
        template="components/blocks/how_it_works.html",
    )
    upcoming_events = blocks.StructBlock(
        [
            ("heading", blocks.CharBlock(label=_("Heading"), max_length=120)),
            ("count", blocks.IntegerBlock(label=_("How many"), min_value=1, max_value=8, default=4)),
        ],
        icon="date",
        label=_("Upcoming events"),
        template="events/blocks/upcoming_events.html",
    )
    featured_resources = blocks.StructBlock(
        [
            ("heading", blocks.CharBlock(label=_("Heading"), max_length=120)),
            ("count", blocks.IntegerBlock(label=_("How many"), min_value=1, max_value=6, default=3)),
        ],
        icon="doc-full-inverse",
        label=_("From the library"),
        template="library/blocks/featured_resources.html",
    )
