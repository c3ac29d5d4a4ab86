"""FilterSets of the public list pages; the same classes serve exports and the API."""

from functools import partial

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.fields import ChoiceField

from portal import fragments, search
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

# Beyond this many regions, the region filter lists only those of the chosen country:
# a list of thousands would weigh more than the rest of the page and help nobody.
MAX_REGION_CHOICES = 200
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


def region_choices(country=None):
    """(slug, name) of the regions with published clusters, in `country` if given."""
    regions = Region.objects.with_published_clusters()
    if country:
        regions = regions.in_country(country)
    return list(regions.order_by("name", "slug").values_list("slug", "name"))


def region_choice_list(field, country, chosen):
    """The region filter's choices: the regions of the chosen country, or all if they
    are few enough (cached until the content changes), and the chosen one in any
    case."""
    listed = fragments.cached(
        "region-choices", partial(region_choices, country), country
    )
    empty_label = field.empty_label
    if not country and len(listed) > MAX_REGION_CHOICES:
        listed = []
        empty_label = _("All regions (choose a country to list them)")
    if chosen and chosen not in {slug for slug, _name in listed}:
        try:
            region = field.clean(chosen)
        except ValidationError:
            region = None  # the form says why beside the field
        if region:
            listed = [*listed, (region.slug, region.name)]
    return [("", empty_label), *listed]


def chosen_country(data):
    code = str((data or {}).get("country", "")).strip().upper()
    return code if code in countries else ""


def choice_list(queryset, value_field):
    # Labelled as the field itself labels them (a criterion's name is translated).
    # A fresh copy of the queryset: the declared one would keep its first results.
    return [(getattr(record, value_field), str(record)) for record in queryset.all()]


# The technology field filter's cached choices, the same on every list that has one.
FIELD_CHOICES = ("field-choices", TechnologyField.objects.all(), "slug")


class CachedChoicesMixin:
    """Lists the choices of model choice filters from the cache instead of asking the
    database on every page. Only the list comes from the cache, and only when the form
    is rendered: a submitted value is still checked against the filter's queryset."""

    # filter name: (fragment name, queryset, value field)
    cached_choices = {}

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, (fragment, *query) in self.cached_choices.items():
                # Per language, as the labels may be translated.
                listed = partial(
                    cached_in_language, fragment, partial(choice_list, *query)
                )
                set_lazy_choices(form.fields[name], listed)
        return self._form


def cached_in_language(fragment, build):
    return fragments.cached(fragment, build, get_language())


def set_lazy_choices(field, listed):
    """Let the field's widget offer `listed()` after an empty choice, computed only
    when the widget is rendered (an export or the API never renders it)."""
    empty_label = field.empty_label
    field.widget.choices = CallableChoiceIterator(
        lambda: [("", empty_label), *listed()]
    )


class ClusterFilter(CachedChoicesMixin, django_filters.FilterSet):
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

    cached_choices = {
        "field": FIELD_CHOICES,
        "criterion": ("criterion-choices", Criterion.objects.all(), "key"),
    }

    @property
    def form(self):
        if not hasattr(self, "_form"):
            self.list_regions(super().form)
        return self._form

    def list_regions(self, form):
        field = form.fields["region"]
        # A region chosen through a link stays visible as chosen.
        chosen = str((self.data or {}).get("region", ""))
        field.widget.choices = CallableChoiceIterator(
            partial(region_choice_list, field, chosen_country(self.data), chosen)
        )

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


class SupportMeasureFilter(CachedChoicesMixin, django_filters.FilterSet):
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

    cached_choices = {
        "field": FIELD_CHOICES,
    }

    def filter_text(self, queryset, name, value):
        return search.filter_measures(queryset, value)
