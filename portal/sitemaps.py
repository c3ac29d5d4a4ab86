"""The sitemap: every public page a search engine should know, on SITE_URL."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django_countries.fields import Country

from clusters.models import Cluster, Region, SupportMeasure, TechnologyField

from .search import country_codes_with_pages
from .seo import site_domain, site_protocol


class PortalSitemap(Sitemap):
    """Locations on the portal's public address rather than the requesting host."""

    def get_protocol(self, protocol=None):
        return site_protocol()

    def get_domain(self, site=None):
        return site_domain()


class PagesSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "clusters:cluster-list",
            "clusters:country-list",
            "clusters:field-list",
            "clusters:measure-list",
        ]

    def location(self, item):
        return reverse(item)


class ClusterSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Cluster.objects.published().order_by("name", "pk")

    def lastmod(self, item):
        return item.updated


class RegionSitemap(PortalSitemap):
    def items(self):
        return Region.objects.with_published_clusters().order_by("name", "pk")

    def lastmod(self, item):
        return item.updated


class CountrySitemap(PortalSitemap):
    """Countries with a page: a profile, a published portrait or a measure."""

    def items(self):
        return [Country(code=code) for code in sorted(country_codes_with_pages())]

    def location(self, item):
        return reverse("clusters:country-detail", args=[item.code.lower()])


class FieldSitemap(PortalSitemap):
    def items(self):
        return TechnologyField.objects.order_by("name", "pk")


class MeasureSitemap(PortalSitemap):
    def items(self):
        return SupportMeasure.objects.order_by("name", "pk")

    def lastmod(self, item):
        return item.updated


SITEMAPS = {
    "pages": PagesSitemap,
    "clusters": ClusterSitemap,
    "countries": CountrySitemap,
    "regions": RegionSitemap,
    "fields": FieldSitemap,
    "measures": MeasureSitemap,
}
