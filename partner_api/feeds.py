"""An Atom feed of newly published events (and resources, once the library has them) for newsletters."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from wagtail.models import Locale

from events.models import EventPage
from events.query import EventQuery, InvalidFilter
from events.vocabulary import EventFormat

FEED_SIZE = 30


class NewListingsFeed(Feed):
    """The newest events in the visitor's language, newest first; takes the listings API's filters."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidFilter as error:
            return HttpResponseBadRequest(error.message, content_type="text/plain; charset=utf-8")

    def get_object(self, request, *args, **kwargs):
        # The feed object is shared by every request: the filters travel as its "object", not on self.
        return EventQuery.parse(request.GET)

    def title(self):
        return _("New at the Innovatarium")

    def subtitle(self):
        return _("Events newly published on the Innovatarium's website.")

    def link(self):
        return "/" if translation.get_language() == "da" else f"/{translation.get_language()}/"

    def items(self, query):
        events = EventPage.objects.live().public().filter(locale=Locale.get_active())
        events = query.matching(events).order_by("-first_published_at", "-pk")
        return list(events.select_related("locale")[:FEED_SIZE])

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
        return [str(EventFormat(item.format).label)]
