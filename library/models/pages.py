"""The library page and the resources in it: methods, tools, case stories, guides, reports and media."""

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.api_fields import (
    DocumentsField,
    PeopleField,
    RelatedPagesField,
    RichTextHTMLField,
    StreamHTMLField,
    VocabularyField,
)
from events.vocabulary import AttendanceMode
from home.blocks import BaseStreamBlock
from home.models import BasePage
from library.blocks import ExternalLinkBlock, StepBlock
from library.vocabulary import (
    LICENCE_SHORT_NAMES,
    Difficulty,
    FileRole,
    GroupSize,
    Licence,
    MaterialLanguage,
    Maturity,
    ParticipationLevel,
    Phase,
    ResourceType,
    TimeNeeded,
    licence_url,
)

CASE_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class LibraryIndexPage(BasePage):
    """The library: every resource, filtered by facets with counts, in a bounded number of queries."""

    subpage_types = ["library.ResourcePage", "library.ContributionPage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    api_fields = [*BasePage.api_fields]

    class Meta:
        verbose_name = _("library")

    def get_context(self, request, *args, **kwargs):
        from library.listing import library_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(library_listing(self, request))
        return context


class ResourcePage(RoutablePageMixin, BasePage):
    resource_type = models.CharField(_("type"), max_length=16, choices=ResourceType.choices)
    summary = models.CharField(
        _("summary"), max_length=280, help_text=_("At most 280 characters; shown in lists, feeds and search.")
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("text"), blank=True)
    phase = models.CharField(_("innovation phase"), max_length=16, choices=Phase.choices)
    themes = ParentalManyToManyField("taxonomy.Theme", verbose_name=_("themes"), blank=True)
    target_groups = ParentalManyToManyField(
        "taxonomy.TargetGroup", verbose_name=_("target groups"), blank=True
    )
    professions = ParentalManyToManyField("taxonomy.Profession", verbose_name=_("professions"), blank=True)
    participation_level = models.CharField(
        _("citizen participation"),
        max_length=16,
        choices=ParticipationLevel.choices,
        blank=True,
        help_text=_("How much say the citizens or users get when this is used."),
    )
    material_language = models.CharField(
        _("language of the material"), max_length=8, choices=MaterialLanguage.choices, default="da"
    )
    licence = models.CharField(_("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY_SA)
    published_date = models.DateField(_("published"), default=timezone.localdate)
    external_links = StreamField(
        [("link", ExternalLinkBlock())], verbose_name=_("external links"), blank=True
    )
    contributor_people = ParentalManyToManyField("people.Person", verbose_name=_("people"), blank=True)
    contributor_organisations = ParentalManyToManyField(
        "people.Organisation", verbose_name=_("organisations"), blank=True
    )
    related_resources = ParentalManyToManyField(
        "library.ResourcePage", verbose_name=_("related resources"), blank=True
    )
    related_events = ParentalManyToManyField(
        "events.EventPage",
        verbose_name=_("events"),
        blank=True,
        related_name="resources",
        help_text=_("Events where this was made or where it is used."),
    )

    # Methods and tools (18F-style: why, how long, with how many, what you need, the steps).
    purpose = models.TextField(_("why use it"), blank=True, max_length=1000)
    time_needed = models.CharField(_("time needed"), max_length=16, choices=TimeNeeded.choices, blank=True)
    group_size = models.CharField(_("group size"), max_length=16, choices=GroupSize.choices, blank=True)
    difficulty = models.CharField(_("difficulty"), max_length=16, choices=Difficulty.choices, blank=True)
    materials = models.TextField(_("materials"), blank=True, max_length=1000)
    steps = StreamField([("step", StepBlock())], verbose_name=_("steps"), blank=True)
    delivery_mode = models.CharField(
        _("in person or online"), max_length=16, choices=AttendanceMode.choices, blank=True
    )

    # Case stories (what the problem was, what was done, what came of it, and whether it travels).
    problem = RichTextField(_("the problem"), blank=True, features=CASE_TEXT_FEATURES)
    approach = RichTextField(_("what we did"), blank=True, features=CASE_TEXT_FEATURES)
    results = RichTextField(_("results and effect"), blank=True, features=CASE_TEXT_FEATURES)
    resources_used = models.TextField(
        _("resources used"), blank=True, max_length=1000, help_text=_("People, time and money it took.")
    )
    maturity = models.CharField(_("maturity"), max_length=16, choices=Maturity.choices, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    period = models.CharField(_("period"), max_length=60, blank=True, help_text=_("E.g. 2024–2025"))
    transfer_potential = models.TextField(
        _("can others use it?"), blank=True, max_length=1000, help_text=_("What others need to do the same.")
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("resource_type"), FieldPanel("phase")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("files", label=_("Files"), heading=_("Files to download")),
        FieldPanel("external_links"),
    ]
    facts_panels = [
        FieldPanel("themes"),
        FieldPanel("target_groups"),
        FieldPanel("professions"),
        FieldRowPanel([FieldPanel("participation_level"), FieldPanel("material_language")]),
        FieldRowPanel([FieldPanel("licence"), FieldPanel("published_date")]),
        MultiFieldPanel(
            [FieldPanel("contributor_people"), FieldPanel("contributor_organisations")],
            heading=_("Contributors"),
        ),
        MultiFieldPanel(
            [FieldPanel("related_resources"), FieldPanel("related_events")], heading=_("Related")
        ),
    ]
    method_panels = [
        FieldPanel("purpose"),
        FieldRowPanel([FieldPanel("time_needed"), FieldPanel("group_size")]),
        FieldRowPanel([FieldPanel("difficulty"), FieldPanel("delivery_mode")]),
        FieldPanel("materials"),
        FieldPanel("steps"),
    ]
    case_panels = [
        FieldPanel("problem"),
        FieldPanel("approach"),
        FieldPanel("results"),
        FieldPanel("resources_used"),
        FieldRowPanel([FieldPanel("maturity"), FieldPanel("place"), FieldPanel("period")]),
        FieldPanel("transfer_potential"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(facts_panels, heading=_("Facts")),
            ObjectList(method_panels, heading=_("Method or tool")),
            ObjectList(case_panels, heading=_("Case story")),
            ObjectList(BasePage.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("purpose"),
        index.SearchField("problem"),
        index.SearchField("approach"),
        index.SearchField("results"),
        index.AutocompleteField("summary"),
        index.FilterField("resource_type"),
        index.FilterField("phase"),
        index.FilterField("published_date"),
    ]
    # Content API (/api/v2/): what the page shows; contributions and their senders are never exposed.
    api_fields = [
        *BasePage.api_fields,
        *[APIField(name) for name in ("resource_type", "phase", "summary")],
        APIField("body", serializer=StreamHTMLField()),
        APIField("files", serializer=DocumentsField()),
        APIField("external_links", serializer=StreamHTMLField()),
        *[
            APIField(name, serializer=VocabularyField())
            for name in ("themes", "target_groups", "professions")
        ],
        APIField("contributor_people", serializer=PeopleField()),
        APIField("contributor_organisations", serializer=VocabularyField()),
        APIField("related_resources", serializer=RelatedPagesField()),
        APIField("related_events", serializer=RelatedPagesField()),
        *[
            APIField(name)
            for name in (
                "participation_level",
                "material_language",
                "licence",
                "published_date",
                "purpose",
                "time_needed",
                "group_size",
                "difficulty",
                "materials",
                "delivery_mode",
                "resources_used",
                "maturity",
                "place",
                "period",
                "transfer_potential",
            )
        ],
        APIField("steps", serializer=StreamHTMLField()),
        *[APIField(name, serializer=RichTextHTMLField()) for name in ("problem", "approach", "results")],
    ]
    # Classifications are one fact across languages; texts are translated.
    override_translatable_fields = [
        SynchronizedField(name)
        for name in (
            "resource_type",
            "phase",
            "participation_level",
            "material_language",
            "licence",
            "published_date",
            "time_needed",
            "group_size",
            "difficulty",
            "delivery_mode",
            "maturity",
        )
    ]

    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def get_context(self, request, *args, **kwargs):
        from library.relations import events_for_resource, related_resources

        context = super().get_context(request, *args, **kwargs)
        context["related_resources"] = list(related_resources(self, self.locale))
        context["events"] = list(events_for_resource(self, self.locale))
        context["files"] = list(self.files.select_related("document"))
        return context

    @path("card/", name="card")
    def method_card(self, request):
        """A one- or two-page card of the method, laid out for printing."""
        return self.render(request, template="library/method_card.html")

    @property
    def meta_description(self) -> str:
        # Resources have a summary instead of an introduction; it is written to be shown in lists.
        return self.search_description or self.summary

    @property
    def is_method(self) -> bool:
        return self.resource_type in (ResourceType.METHOD, ResourceType.TEMPLATE)

    @property
    def is_case(self) -> bool:
        return self.resource_type == ResourceType.CASE

    @property
    def licence_url(self) -> str:
        return licence_url(self.licence, translation.get_language() or "da")

    @property
    def licence_short_name(self) -> str:
        return LICENCE_SHORT_NAMES.get(self.licence, self.get_licence_display())


class ResourceFile(Orderable):
    """A file to download, with the role it plays: a printable card, an editable template, a report."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=16, choices=FileRole.choices)
    label = models.CharField(
        _("link text"), max_length=120, blank=True, help_text=_("Empty: the file's title.")
    )

    panels = [FieldRowPanel([FieldPanel("document"), FieldPanel("role")]), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.label or self.document.title

    @property
    def title(self) -> str:
        return self.label or self.document.title
