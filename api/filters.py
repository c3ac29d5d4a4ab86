"""FilterSets for API lists that have no page of their own; the rest come from the
apps, so the API filters exactly like the pages."""

import django_filters

from clusters.filters import CountryFilter
from clusters.models import Region


class RegionFilter(django_filters.FilterSet):
    country = CountryFilter()

    class Meta:
        model = Region
        fields = ["country"]
