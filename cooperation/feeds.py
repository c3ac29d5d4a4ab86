"""The Atom feed of newly published requests: open ones only, never a contact."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from .models import CooperationRequest

FEED_LENGTH = 30


class NewRequestsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Global Cluster Portal: new cooperation requests")
    subtitle = _(
        "Offers and searches for partners in research, education and business."
    )

    def link(self):
        return settings.SITE_URL + reverse("cooperation:request-list")

    def feed_url(self):
        return settings.SITE_URL + reverse("cooperation:feed")

    def items(self):
        return (
            CooperationRequest.objects.open_requests()
            .for_cards()
            .newest()[:FEED_LENGTH]
        )

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.title}"

    def item_description(self, item):
        # Atom summaries are read as HTML by feed readers: escape the poster's text.
        return linebreaks(item.description, autoescape=True)

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_author_name(self, item):
        return item.organisation

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.get_topic_display(), *(field.name for field in item.fields.all())]
