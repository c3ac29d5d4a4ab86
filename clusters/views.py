"""Public pages of portraits, countries, regions, technology fields and measures."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView
from django_countries import countries
from django_countries.fields import Country
from django_filters.views import FilterView

from portal import fragments, search
from portal.exports import ExportMixin

from . import comparison
from .criteria import INCLUSION_RULES, SCORING_RULES
from .exports import ClusterExport, SupportMeasureExport
from .filters import ClusterFilter, SupportMeasureFilter
from .models import (
    Actor,
    Assessment,
    Cluster,
    CountryProfile,
    Criterion,
    Partnership,
    QualityLabel,
    Region,
    SupportMeasure,
    TechnologyField,
)

# Country, region and field pages show this many portraits as cards and link to the
# filtered list for all of them: thousands of cards would bury the rest of the page.
PORTRAITS_SHOWN = 24


def portrait_preview(clusters, **list_filter):
    """The first portraits of `clusters` as cards, how many there are, and the address
    of the cluster list filtered by `list_filter` to show them all."""
    return {
        "clusters": list(clusters.for_cards()[:PORTRAITS_SHOWN]),
        "cluster_total": clusters.count(),
        "all_clusters_url": (
            f"{reverse('clusters:cluster-list')}?{urlencode(list_filter)}"
        ),
    }


class FilteredListMixin:
    """A list page over one FilterSet: bound to the query string, paginated, and with
    the query string (less the page) at hand for pagination and sorting links."""

    paginate_by = settings.PAGE_SIZE
    strict = True

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET or None
        return kwargs

    def paginate_queryset(self, queryset, page_size):
        # A mistyped or outdated page number shows the nearest real page, not a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["is_filtered"] = any(
            value for key, value in query.items() if key in self.filterset.filters
        )
        return context


class ClusterListView(ExportMixin, FilteredListMixin, FilterView):
    filterset_class = ClusterFilter
    export_class = ClusterExport
    template_name = "clusters/cluster_list.html"
    context_object_name = "clusters"

    def get_queryset(self):
        return Cluster.objects.published().for_cards().order_by("name")


def portrait_queryset():
    """Published clusters with every related list a portrait shows (the portrait page
    and the API share it)."""
    published_partners = Partnership.objects.filter(
        Q(partner_cluster__isnull=True)
        | Q(partner_cluster__status=Cluster.Status.PUBLISHED)
    ).select_related("partner_cluster__region", "partner_region", "source")
    return (
        Cluster.objects.published()
        .select_related("region")
        .prefetch_related(
            "fields",
            "sources",
            "quality_labels__source",
            Prefetch("actors", queryset=Actor.objects.order_by("kind", "name")),
            Prefetch("partnerships", queryset=published_partners),
            Prefetch(
                "partnerships_as_partner",
                queryset=Partnership.objects.filter(
                    cluster__status=Cluster.Status.PUBLISHED
                ).select_related("cluster__region", "source"),
            ),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("criterion", "source"),
            ),
            Prefetch("measures", queryset=SupportMeasure.objects.order_by("name")),
        )
    )


class ClusterDetailView(DetailView):
    template_name = "clusters/cluster_detail.html"
    context_object_name = "cluster"

    def get_queryset(self):
        # Drafts answer 404 like an unknown slug, so guessing a URL reveals nothing.
        return portrait_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicator_groups"] = comparison.portrait_rows(self.object)
        return context


def published_counts_by_country():
    rows = (
        Cluster.objects.published()
        .values("region__country")
        .annotate(total=Count("id"))
        .order_by()
    )
    return {row["region__country"]: row["total"] for row in rows}


def country_rows():
    """Every country with a published cluster, a profile or a measure, by name, with
    its counts; the country list and the API share it."""
    cluster_counts = published_counts_by_country()
    profiled = set(CountryProfile.objects.values_list("country", flat=True))
    measure_counts = dict(
        SupportMeasure.objects.values("country")
        .annotate(total=Count("id"))
        .order_by()
        .values_list("country", "total")
    )

    codes = set(cluster_counts) | profiled | set(measure_counts)
    rows = [
        {
            "country": Country(code=code),
            "clusters": cluster_counts.get(code, 0),
            "measures": measure_counts.get(code, 0),
            "has_profile": code in profiled,
        }
        for code in codes
    ]
    return sorted(rows, key=lambda row: str(row["country"].name))


class CountryListView(TemplateView):
    template_name = "clusters/country_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["countries"] = country_rows()
        return context


class CountryDetailView(TemplateView):
    template_name = "clusters/country_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code = self.kwargs["code"].upper()
        if code not in countries:
            raise Http404("Unknown country code")

        profile = (
            CountryProfile.objects.filter(country=code)
            .prefetch_related("sources")
            .first()
        )
        preview = portrait_preview(
            Cluster.objects.published().in_country(code), country=code
        )
        measures = list(SupportMeasure.objects.in_country(code))
        if profile is None and not preview["clusters"] and not measures:
            raise Http404("No content for this country")

        context.update(
            preview,
            country=Country(code=code),
            profile=profile,
            measures=measures,
            regions=Region.objects.in_country(code)
            .with_published_clusters()
            .order_by("name", "slug"),
        )
        return context


class RegionDetailView(DetailView):
    template_name = "clusters/region_detail.html"
    context_object_name = "region"
    queryset = Region.objects.prefetch_related("sources")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            portrait_preview(
                Cluster.objects.published().in_region(self.object),
                region=self.object.slug,
            )
        )
        context["measures"] = self.object.measures.all()
        return context


class FieldListView(ListView):
    template_name = "clusters/field_list.html"
    context_object_name = "fields"

    def get_queryset(self):
        return TechnologyField.objects.select_related("parent").annotate(
            cluster_count=Count(
                "tagged_clusters",
                filter=Q(
                    tagged_clusters__content_object__status=Cluster.Status.PUBLISHED
                ),
                distinct=True,
            ),
            measure_count=Count("tagged_measures", distinct=True),
        )


class FieldDetailView(DetailView):
    template_name = "clusters/field_detail.html"
    context_object_name = "field"
    queryset = TechnologyField.objects.select_related("parent").prefetch_related(
        "children"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            portrait_preview(
                Cluster.objects.published().with_field(self.object),
                field=self.object.slug,
            )
        )
        context["measures"] = SupportMeasure.objects.filter(fields=self.object)
        return context


class SupportMeasureListView(ExportMixin, FilteredListMixin, FilterView):
    filterset_class = SupportMeasureFilter
    export_class = SupportMeasureExport
    template_name = "clusters/measure_list.html"
    context_object_name = "measures"

    def get_queryset(self):
        return (
            SupportMeasure.objects.select_related("region")
            .annotate(
                cluster_count=Count(
                    "clusters",
                    filter=Q(clusters__status=Cluster.Status.PUBLISHED),
                    distinct=True,
                )
            )
            .order_by("name")
        )


class SupportMeasureDetailView(DetailView):
    template_name = "clusters/measure_detail.html"
    context_object_name = "measure"

    def get_object(self, queryset=None):
        return get_object_or_404(
            SupportMeasure.objects.select_related("region").prefetch_related(
                "fields",
                "sources",
                Prefetch(
                    "clusters",
                    queryset=Cluster.objects.published().for_cards(),
                ),
            ),
            slug=self.kwargs["slug"],
        )


COMPARE_SESSION_KEY = "compare"


def compare_url(slugs):
    return f"{reverse('clusters:compare')}?{urlencode([('c', slug) for slug in slugs])}"


class CompareView(TemplateView):
    """Two to four clusters side by side; the URL (`?c=a&c=b`) is the comparison."""

    template_name = "clusters/compare.html"

    def get(self, request, *args, **kwargs):
        remembered = request.session.get(COMPARE_SESSION_KEY)
        if not request.GET.getlist("c") and remembered:
            return redirect(compare_url(remembered))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selection = comparison.select_clusters(self.request.GET.getlist("c")[:20])
        slugs = [cluster.slug for cluster in selection.clusters]
        if self.request.session.get(COMPARE_SESSION_KEY) != slugs:
            self.request.session[COMPARE_SESSION_KEY] = slugs

        context["selection"] = selection
        context["max_clusters"] = comparison.MAX_CLUSTERS
        if selection.complete:
            rows = comparison.comparison_rows(selection.clusters)
            context["rows"] = rows
            context["chart"] = comparison.score_chart(selection.clusters, rows)

        query = search.normalise(self.request.GET.get("q", ""))[:100]
        if query and len(selection.clusters) < comparison.MAX_CLUSTERS:
            context["candidates"] = (
                Cluster.objects.published()
                .filter(name__icontains=query)
                .exclude(slug__in=slugs)
                .select_related("region")[:10]
            )
        context["query"] = query
        return context


# Adding to the comparison changes nothing but the visitor's own list, so the button
# needs no CSRF token, and the pages that carry it can be shared (portal.page_cache).
@csrf_exempt
@require_POST
def compare_add(request):
    slugs = list(request.session.get(COMPARE_SESSION_KEY, []))
    slug = request.POST.get("c", "").strip()
    cluster = None
    if comparison.is_slug(slug):
        cluster = Cluster.objects.published().filter(slug=slug).first()

    if cluster is None:
        messages.error(request, _("That cluster does not exist or is not published."))
    elif cluster.slug in slugs:
        messages.info(request, _("%(name)s is already compared.") % {"name": cluster})
    elif len(slugs) >= comparison.MAX_CLUSTERS:
        messages.error(
            request,
            _("At most %(max)d clusters can be compared. Remove one first.")
            % {"max": comparison.MAX_CLUSTERS},
        )
    else:
        slugs.append(cluster.slug)
        request.session[COMPARE_SESSION_KEY] = slugs
        messages.success(
            request, _("%(name)s was added to the comparison.") % {"name": cluster}
        )
    return redirect(compare_url(slugs))


@require_POST
def compare_remove(request):
    slugs = [
        slug
        for slug in request.session.get(COMPARE_SESSION_KEY, [])
        if slug != request.POST.get("c")
    ]
    request.session[COMPARE_SESSION_KEY] = slugs
    return redirect(compare_url(slugs) if slugs else reverse("clusters:compare"))


class MethodologyView(TemplateView):
    """How every criterion is measured and scored, from the Criterion records."""

    template_name = "clusters/methodology.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Counting the scored assessments of every criterion reads them all; the
        # result only changes with the content (portal.fragments).
        context.update(fragments.cached("methodology", methodology_context))
        return context


def methodology_context():
    # Ordered explicitly: Django leaves Meta.ordering out of queries that aggregate.
    criteria = Criterion.objects.annotate(
        compared=Count(
            "assessments",
            filter=Q(assessments__score__isnull=False),
        )
    ).order_by("position", "name")
    dimensions = []
    for value, label in Criterion.Dimension.choices:
        members = [criterion for criterion in criteria if criterion.dimension == value]
        if members:
            dimensions.append({"label": label, "criteria": members})
    return {
        "dimensions": dimensions,
        "scoring_rules": SCORING_RULES,
        "inclusion_rules": INCLUSION_RULES,
        "labels": QualityLabel.Label.choices,
    }
