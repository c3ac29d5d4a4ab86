"""Which portrayed clusters fit a cooperation request."""

from django.db.models import Case, Count, IntegerField, Q, Value, When

from clusters.models import Cluster

SUGGESTION_LIMIT = 6


def suggest_clusters(cooperation_request, limit=SUGGESTION_LIMIT):
    """Published clusters that share the request's technology fields, those in its
    target countries first; without fields, the clusters in its target countries.

    Two queries whatever the numbers: the ranked clusters with their regions, and
    their fields. The request's fields and related clusters should be prefetched."""
    field_ids = [field.pk for field in cooperation_request.fields.all()]
    targets = [country.code for country in cooperation_request.target_countries]
    if not field_ids and not targets:
        return []

    shared_fields = Value(0)
    if field_ids:
        shared_fields = Count(
            "taggedcluster", filter=Q(taggedcluster__tag__in=field_ids), distinct=True
        )
    in_target_country = Value(0)
    if targets:
        in_target_country = Case(
            When(region__country__in=targets, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    related_ids = [cluster.pk for cluster in cooperation_request.clusters.all()]

    candidates = (
        Cluster.objects.published()
        .exclude(pk__in=related_ids)
        .annotate(shared_fields=shared_fields, in_target_country=in_target_country)
    )
    if field_ids:
        candidates = candidates.filter(shared_fields__gt=0)
    else:
        candidates = candidates.filter(in_target_country=1)
    ranked = candidates.order_by("-shared_fields", "-in_target_country", "name")
    return list(ranked.for_cards()[:limit])
