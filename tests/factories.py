"""Small builders of valid domain objects; each keyword overrides a default."""

import itertools

from clusters.models import (
    Actor,
    Assessment,
    Cluster,
    CountryProfile,
    Criterion,
    Region,
    Source,
    SupportMeasure,
    TechnologyField,
)

_sequence = itertools.count(1)


def unique(prefix):
    return f"{prefix}-{next(_sequence)}"


def make_source(**overrides):
    slug = unique("source")
    values = {
        "title": f"Source {slug}",
        "publisher": "Publisher",
        "url": f"https://example.org/{slug}",
        "year": 2024,
    }
    values.update(overrides)
    return Source.objects.create(**values)


def make_region(**overrides):
    slug = unique("region")
    values = {
        "name": f"Region {slug}",
        "slug": slug,
        "country": "DE",
        "latitude": 48.1,
        "longitude": 11.6,
    }
    values.update(overrides)
    return Region.objects.create(**values)


def make_field(**overrides):
    slug = unique("field")
    values = {"name": f"Field {slug}", "slug": slug, "description": "A field."}
    values.update(overrides)
    return TechnologyField.objects.create(**values)


def make_cluster(fields=(), **overrides):
    slug = unique("cluster")
    values = {
        "name": f"Cluster {slug}",
        "slug": slug,
        "latitude": 48.1,
        "longitude": 11.6,
        "summary": "A summary.",
        "international_attractiveness": "Attractive.",
        "thematic_strengths": "Strong.",
        "actors_and_networks": "Networked.",
        "developmental_dynamics": "Dynamic.",
        "status": Cluster.Status.PUBLISHED,
    }
    values.update(overrides)
    if "region" not in values:
        values["region"] = make_region()
    cluster = Cluster.objects.create(**values)
    if fields:
        cluster.fields.set(fields)
    return cluster


def make_actor(cluster, **overrides):
    values = {"name": unique("Actor"), "kind": Actor.Kind.UNIVERSITY}
    values.update(overrides)
    return Actor.objects.create(cluster=cluster, **values)


def make_criterion(**overrides):
    key = unique("criterion")
    values = {
        "key": key,
        "name": f"Criterion {key}",
        "dimension": Criterion.Dimension.THEMATIC,
        "definition": "A definition.",
    }
    values.update(overrides)
    return Criterion.objects.create(**values)


def make_assessment(cluster, criterion, **overrides):
    values = {"year": 2018, "value": 1.0}
    values.update(overrides)
    if "source" not in values:
        values["source"] = make_source()
    return Assessment.objects.create(cluster=cluster, criterion=criterion, **values)


def make_measure(**overrides):
    slug = unique("measure")
    values = {
        "name": f"Measure {slug}",
        "slug": slug,
        "country": "DE",
        "kind": SupportMeasure.Kind.FUNDING,
        "description": "A programme.",
    }
    values.update(overrides)
    return SupportMeasure.objects.create(**values)


def make_country_profile(**overrides):
    values = {"country": "DE", "innovation_context": "Context."}
    values.update(overrides)
    return CountryProfile.objects.create(**values)
