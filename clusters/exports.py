"""The columns of the cluster and measure exports (documented in docs/api.md)."""

from operator import attrgetter

from django.db.models import Prefetch

from portal.exports import Column, Export

from .models import Cluster


def attribute(name, path=None):
    """A column that reads an attribute, or a dotted path, of each row."""
    return Column(name, attrgetter(path or name))


def slugs(related_name):
    """A column of the slugs of a related list, sorted so that exports are stable."""
    return Column(
        related_name,
        lambda obj: sorted(item.slug for item in getattr(obj, related_name).all()),
    )


def country_columns(path):
    return [
        attribute("country", f"{path}.code"),
        Column("country_name", lambda obj: str(attrgetter(f"{path}.name")(obj))),
    ]


UPDATED = Column("updated", lambda obj: obj.updated.isoformat())
SOURCES = Column("sources", lambda obj: [source.url for source in obj.sources.all()])


class ClusterExport(Export):
    filename = "clusters"

    def prepare(self, queryset):
        return queryset.select_related("region").prefetch_related("fields", "sources")

    @property
    def columns(self):
        return [
            attribute("slug"),
            attribute("name"),
            attribute("kind"),
            *country_columns("region.country"),
            attribute("region", "region.slug"),
            attribute("region_name", "region.name"),
            attribute("latitude"),
            attribute("longitude"),
            attribute("founded"),
            attribute("website"),
            slugs("fields"),
            attribute("summary"),
            attribute("international_attractiveness"),
            attribute("thematic_strengths"),
            attribute("actors_and_networks"),
            attribute("developmental_dynamics"),
            Column("url", self.absolute_url),
            UPDATED,
            SOURCES,
        ]


class SupportMeasureExport(Export):
    filename = "measures"

    def prepare(self, queryset):
        # Only published portraits count as supported clusters, as on the page.
        return queryset.select_related("region").prefetch_related(
            "fields",
            "sources",
            Prefetch("clusters", queryset=Cluster.objects.published()),
        )

    @property
    def columns(self):
        return [
            attribute("slug"),
            attribute("name"),
            attribute("kind"),
            *country_columns("country"),
            Column("region", lambda measure: getattr(measure.region, "slug", None)),
            attribute("start_year"),
            attribute("end_year"),
            attribute("website"),
            slugs("fields"),
            slugs("clusters"),
            attribute("description"),
            Column("url", self.absolute_url),
            UPDATED,
            SOURCES,
        ]
