"""Read-only endpoints of the open data API. Every list is paginated and filtered by
the same FilterSet as its page; drafts are never reachable."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from clusters.filters import ClusterFilter, SupportMeasureFilter
from clusters.models import (
    Assessment,
    Cluster,
    CountryProfile,
    Region,
    SupportMeasure,
    TechnologyField,
)
from clusters.views import country_rows, portrait_queryset
from cooperation.filters import CooperationRequestFilter
from cooperation.models import CooperationRequest

from . import serializers
from .filters import RegionFilter


class ClusterViewSet(viewsets.ReadOnlyModelViewSet):
    """Published cluster portraits with their assessments and sources. The list
    takes the filters of the cluster page; one portrait adds actors, quality labels,
    partners, supporting measures and the four portrait sections."""

    filterset_class = ClusterFilter
    lookup_field = "slug"

    def get_queryset(self):
        if self.action == "retrieve":
            return portrait_queryset()
        return (
            Cluster.objects.published()
            .for_cards()
            .prefetch_related(
                "sources",
                Prefetch(
                    "assessments",
                    queryset=Assessment.objects.select_related("criterion", "source"),
                ),
            )
            .order_by("name")
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ClusterDetailSerializer
        return serializers.ClusterSerializer


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Sub-national regions, with the slugs of their published clusters."""

    serializer_class = serializers.RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "slug"
    queryset = Region.objects.prefetch_related(
        "sources", Prefetch("clusters", queryset=Cluster.objects.published())
    ).order_by("name")


class TechnologyFieldViewSet(viewsets.ReadOnlyModelViewSet):
    """The technology fields that clusters and measures carry; filter clusters or
    measures by a field's slug with `?field=`."""

    serializer_class = serializers.TechnologyFieldSerializer
    lookup_field = "slug"
    queryset = (
        TechnologyField.objects.select_related("parent")
        .prefetch_related("children")
        .order_by("name")
    )


class SupportMeasureViewSet(viewsets.ReadOnlyModelViewSet):
    """Programmes and policies that support clusters; the list takes the filters of
    the measures page."""

    serializer_class = serializers.SupportMeasureSerializer
    filterset_class = SupportMeasureFilter
    lookup_field = "slug"
    queryset = (
        SupportMeasure.objects.select_related("region")
        .prefetch_related(
            "fields",
            "sources",
            Prefetch("clusters", queryset=Cluster.objects.published()),
        )
        .order_by("name")
    )


def with_profiles(rows):
    """The country rows, each with its profile (or None) and the profile's sources."""
    codes = [row["country"].code for row in rows]
    profiles = {
        profile.country.code: profile
        for profile in CountryProfile.objects.filter(
            country__in=codes
        ).prefetch_related("sources")
    }
    return [{**row, "profile": profiles.get(row["country"].code)} for row in rows]


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description="ISO 3166-1 alpha-2 code, in either case (de or DE).",
            )
        ]
    )
)
class CountryViewSet(viewsets.GenericViewSet):
    """Countries with published clusters, a country profile or supporting measures:
    their counts and, where written, their profile."""

    serializer_class = serializers.CountrySerializer
    filter_backends = []
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"

    def list(self, request):
        page = self.paginate_queryset(with_profiles(country_rows()))
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, code):
        code = code.upper()
        rows = [row for row in country_rows() if row["country"].code == code]
        if not rows:
            raise NotFound()
        return Response(self.get_serializer(with_profiles(rows)[0]).data)


class CooperationRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Open requests of the cooperation board: published and not expired. The list
    takes the filters of the board. Who posted a request stays private: reply through
    the request's page."""

    serializer_class = serializers.CooperationRequestSerializer
    filterset_class = CooperationRequestFilter
    queryset = (
        CooperationRequest.objects.open_requests()
        .prefetch_related(
            "fields", Prefetch("clusters", queryset=Cluster.objects.published())
        )
        .newest()
    )
