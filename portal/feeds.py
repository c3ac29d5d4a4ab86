"""Atom feeds of cluster portraits: the newly published and the recently updated."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from clusters.models import Cluster

from .seo import absolute_url

FEED_SIZE = 30


class ClusterFeed(Feed):
    """Published portraits only; links point at the portal's public address."""

    feed_type = Atom1Feed
    url_name = ""
    order_by = ""

    def title(self):
        raise NotImplementedError

    def link(self):
        return absolute_url(reverse("home"))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def feed_guid(self):
        # Each feed needs an id of its own; the home page would be shared by both.
        return self.feed_url()

    def author_name(self):
        return _("Global Cluster Portal")

    def items(self):
        return (
            Cluster.objects.published()
            .select_related("region")
            .prefetch_related("fields")
            .order_by(self.order_by, "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.name

    def item_description(self, item):
        # Atom carries the summary as HTML: escape the plain text once more.
        return escape(item.summary)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [field.name for field in item.fields.all()]


class NewClustersFeed(ClusterFeed):
    url_name = "feed-new-clusters"
    order_by = "-created"

    def title(self):
        return _("New cluster portraits · Global Cluster Portal")

    def subtitle(self):
        return _("Cluster portraits as they are added to the Global Cluster Portal.")


class UpdatedClustersFeed(ClusterFeed):
    url_name = "feed-updated-clusters"
    order_by = "-updated"

    def title(self):
        return _("Updated cluster portraits · Global Cluster Portal")

    def subtitle(self):
        return _("Cluster portraits of the Global Cluster Portal, latest change first.")
