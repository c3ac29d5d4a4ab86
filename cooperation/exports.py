"""The columns of the board's export (documented in docs/api.md). Only what the board
shows publicly: never the contact name, e-mail address, status or editing token."""

from django.db.models import Prefetch

from clusters.exports import attribute, country_columns, slugs
from clusters.models import Cluster
from portal.exports import Column, Export


class CooperationRequestExport(Export):
    filename = "cooperation-requests"

    def prepare(self, queryset):
        return queryset.prefetch_related(
            "fields", Prefetch("clusters", queryset=Cluster.objects.published())
        )

    @property
    def columns(self):
        return [
            attribute("id"),
            attribute("kind"),
            attribute("topic"),
            attribute("title"),
            attribute("description"),
            attribute("organisation"),
            attribute("organisation_type"),
            *country_columns("country"),
            Column(
                "target_countries",
                lambda request: sorted(c.code for c in request.target_countries),
            ),
            slugs("fields"),
            slugs("clusters"),
            Column("published", lambda request: iso_or_none(request.published_at)),
            Column("expires", lambda request: request.expires.isoformat()),
            Column("url", self.absolute_url),
        ]


def iso_or_none(moment):
    return moment.isoformat() if moment else None
