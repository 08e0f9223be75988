"""An Atom feed of newly published events and resources, for newsletters, in the visitor's language."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from wagtail.models import Locale

from core.query_params import InvalidFilter
from events.models import EventPage
from events.query import EventQuery
from events.vocabulary import EventFormat
from library.models import ResourcePage
from library.query import RESOURCE_ONLY_PARAMETERS, ResourceQuery
from library.vocabulary import ResourceType

FEED_SIZE = 30
KINDS = ("event", "resource")
# Parameters that only events take: a feed given one of them leaves resources out.
EVENT_ONLY_PARAMETERS = ("format", "when", "month", "registration", "free_seats")


def feed_queries(query) -> tuple[EventQuery | None, ResourceQuery | None]:
    """The filters for each kind, or None for a kind the query string leaves out."""
    kind = query.get("kind", "")
    if kind and kind not in KINDS:
        raise InvalidFilter("kind", "kind must be event or resource.")
    wants_events = kind != "resource" and not any(name in query for name in RESOURCE_ONLY_PARAMETERS)
    wants_resources = kind != "event" and not any(name in query for name in EVENT_ONLY_PARAMETERS)
    return (
        EventQuery.parse(query) if wants_events else None,
        ResourceQuery.parse(query) if wants_resources else None,
    )


class NewListingsFeed(Feed):
    """The newest events and resources, newest first; takes the listings API's filters."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidFilter as error:
            return HttpResponseBadRequest(error.message, content_type="text/plain; charset=utf-8")

    def get_object(self, request, *args, **kwargs):
        # The feed object is shared by every request: the filters travel as its "object", not on self.
        return feed_queries(request.GET)

    def title(self):
        return _("New at the Innovatarium")

    def subtitle(self):
        return _("Events and resources newly published on the Innovatarium's website.")

    def link(self):
        return "/" if translation.get_language() == "da" else f"/{translation.get_language()}/"

    def items(self, queries):
        event_query, resource_query = queries
        locale = Locale.get_active()
        items = []
        if event_query is not None:
            events = event_query.matching(EventPage.objects.live().public().filter(locale=locale))
            items += events.order_by("-first_published_at", "-pk")[:FEED_SIZE]
        if resource_query is not None:
            resources = resource_query.matching(ResourcePage.objects.live().public().filter(locale=locale))
            items += resources.order_by("-first_published_at", "-pk")[:FEED_SIZE]
        items.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
        return items[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url()

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        if isinstance(item, EventPage):
            return [str(EventFormat(item.format).label)]
        return [str(ResourceType(item.resource_type).label)]
