"""FilterSets of the public list pages; the same classes serve exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.fields import ChoiceField

from portal import search
from portal.search import MAX_QUERY_LENGTH

from .models import Cluster, Region, SupportMeasure, TechnologyField


class CountryCodeField(ChoiceField):
    """A country choice that accepts ISO codes in either case (`de` and `DE`)."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class CountryFilter(django_filters.ChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", lambda: list(countries))
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("empty_label", _("All countries"))
        super().__init__(*args, **kwargs)


class ClusterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
    )
    country = CountryFilter(field_name="region__country")
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.with_published_clusters(),
        to_field_name="slug",
        empty_label=_("All regions"),
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Technology field"),
        field_name="fields",
        queryset=TechnologyField.objects.all(),
        to_field_name="slug",
        empty_label=_("All fields"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Cluster.Kind.choices, empty_label=_("Both kinds")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("founded", "founded"), ("updated", "updated")),
        field_labels={
            "name": _("Name"),
            "founded": _("Founding year"),
            "updated": _("Last updated"),
        },
    )

    class Meta:
        model = Cluster
        fields = ["q", "country", "region", "field", "kind"]

    def filter_text(self, queryset, name, value):
        # The site-wide search service, ordered by relevance; a chosen `sort`
        # (applied after this filter) replaces that order.
        return search.filter_clusters(queryset, value)


class SupportMeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    country = CountryFilter()
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=SupportMeasure.Kind.choices, empty_label=_("All kinds")
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Technology field"),
        field_name="fields",
        queryset=TechnologyField.objects.all(),
        to_field_name="slug",
        empty_label=_("All fields"),
    )

    class Meta:
        model = SupportMeasure
        fields = ["q", "country", "kind", "field"]

    def filter_text(self, queryset, name, value):
        return search.filter_measures(queryset, value)
