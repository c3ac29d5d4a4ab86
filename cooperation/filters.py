"""The board's FilterSet, built from the same parts as the cluster list's."""

import django_filters
from django.utils.translation import gettext_lazy as _

from clusters.filters import FIELD_CHOICES, CachedChoicesMixin, CountryFilter
from clusters.models import TechnologyField
from portal import search
from portal.search import MAX_QUERY_LENGTH

from .models import CooperationRequest


class CooperationRequestFilter(CachedChoicesMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    kind = django_filters.ChoiceFilter(
        label=_("Offer or search"),
        choices=CooperationRequest.Kind.choices,
        empty_label=_("Both"),
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"),
        choices=CooperationRequest.Topic.choices,
        empty_label=_("All topics"),
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Technology field"),
        field_name="fields",
        queryset=TechnologyField.objects.all(),
        to_field_name="slug",
        empty_label=_("All fields"),
    )
    country = CountryFilter(label=_("Posted from"))
    target = CountryFilter(
        label=_("Seeking partners in"),
        # The method matches; the path names the value's type for the API schema.
        field_name="target_countries",
        method="filter_target",
        empty_label=_("Anywhere"),
    )

    class Meta:
        model = CooperationRequest
        fields = ["q", "kind", "topic", "field", "country", "target"]

    cached_choices = {"field": FIELD_CHOICES}

    def filter_text(self, queryset, name, value):
        # The site-wide search service, so the board finds what the search page finds.
        return search.match(queryset, value, search.REQUESTS)

    def filter_target(self, queryset, name, value):
        return queryset.seeking_partners_in(value)
