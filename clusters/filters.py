"""FilterSets of the public list pages; the same classes serve exports and the API."""

import django_filters
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.fields import ChoiceField

from portal import search
from portal.search import MAX_QUERY_LENGTH

from .models import (
    Assessment,
    Cluster,
    Criterion,
    QualityLabel,
    Region,
    SupportMeasure,
    TechnologyField,
)

ANY_ESCA = "esca"
ESCA_LABELS = [
    QualityLabel.Label.ESCA_BRONZE,
    QualityLabel.Label.ESCA_SILVER,
    QualityLabel.Label.ESCA_GOLD,
]


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
    label = django_filters.ChoiceFilter(
        label=_("Quality label"),
        choices=[(ANY_ESCA, _("Any ESCA label")), *QualityLabel.Label.choices],
        empty_label=_("Any or none"),
        method="filter_label",
    )
    criterion = django_filters.ModelChoiceFilter(
        label=_("Rank by criterion"),
        # The method ranks; the path names the value's type for the API schema.
        field_name="assessments__criterion",
        queryset=Criterion.objects.all(),
        to_field_name="key",
        empty_label=_("No ranking"),
        method="rank_by_criterion",
    )
    min_stars = django_filters.ChoiceFilter(
        label=_("Minimum stars"),
        choices=[("1", "★"), ("2", "★★"), ("3", "★★★")],
        empty_label=_("Any"),
        method="filter_min_stars",
        help_text=_("On the ranking criterion, or on any criterion."),
    )
    # Declared last so that a chosen order replaces the ranking of `criterion` and the
    # relevance order of `q`.
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

    def filter_label(self, queryset, name, value):
        labels = ESCA_LABELS if value == ANY_ESCA else [value]
        return queryset.filter(
            Exists(
                QualityLabel.objects.filter(cluster=OuterRef("pk"), label__in=labels)
            )
        )

    def rank_by_criterion(self, queryset, name, criterion):
        """Best score on the criterion first; clusters without a value last."""
        current = Assessment.objects.filter(
            cluster=OuterRef("pk"), criterion=criterion, score__isnull=False
        ).order_by("-year")
        return queryset.annotate(
            criterion_score=Subquery(current.values("score")[:1]),
            criterion_value=Subquery(current.values("value")[:1]),
            criterion_stars=Subquery(current.values("stars")[:1]),
        ).order_by(F("criterion_score").desc(nulls_last=True), "name")

    def filter_min_stars(self, queryset, name, value):
        starred = Assessment.objects.filter(
            cluster=OuterRef("pk"), stars__gte=int(value)
        )
        criterion = self.form.cleaned_data.get("criterion")
        if criterion is not None:
            starred = starred.filter(criterion=criterion)
        return queryset.filter(Exists(starred))


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
