"""Small builders of valid domain objects; each keyword overrides a default."""

import datetime
import itertools

from django.utils import timezone

from clusters.models import (
    Actor,
    Assessment,
    Cluster,
    CountryProfile,
    Criterion,
    Partnership,
    QualityLabel,
    Region,
    Source,
    SupportMeasure,
    TechnologyField,
)
from cooperation.models import CooperationRequest, Reply, Subscription

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


def make_partnership(cluster, **overrides):
    """A partnership with another cluster, or with `partner_region` if given."""
    values = {"description": "A joint programme."}
    values.update(overrides)
    if "partner_cluster" not in values and "partner_region" not in values:
        values["partner_cluster"] = make_cluster()
    if "source" not in values:
        values["source"] = make_source()
    return Partnership.objects.create(cluster=cluster, **values)


def make_quality_label(cluster, **overrides):
    values = {"label": QualityLabel.Label.ESCA_GOLD, "awarded": 2023}
    values.update(overrides)
    if "source" not in values:
        values["source"] = make_source()
    return QualityLabel.objects.create(cluster=cluster, **values)


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


def make_cooperation_request(fields=(), clusters=(), **overrides):
    """A published, open request unless `status` says otherwise."""
    values = {
        "kind": CooperationRequest.Kind.SEARCH,
        "topic": CooperationRequest.Topic.RESEARCH,
        "title": unique("Request"),
        "description": "We look for a partner in a joint research project.",
        "organisation": "Example Institute",
        "organisation_type": CooperationRequest.OrganisationType.RESEARCH_INSTITUTE,
        "country": "DE",
        "contact_name": "Poster",
        "contact_email": "poster@example.org",
        "status": CooperationRequest.Status.PUBLISHED,
    }
    values.update(overrides)
    if values["status"] == CooperationRequest.Status.PUBLISHED:
        values.setdefault("published_at", timezone.now())
    cooperation_request = CooperationRequest.objects.create(**values)
    if fields:
        cooperation_request.fields.set(fields)
    if clusters:
        cooperation_request.clusters.set(clusters)
    return cooperation_request


def make_reply(cooperation_request, **overrides):
    values = {
        "name": "Replier",
        "email": "replier@example.net",
        "message": "We would like to cooperate.",
    }
    values.update(overrides)
    return Reply.objects.create(request=cooperation_request, **values)


def make_subscription(**overrides):
    values = {"email": "subscriber@example.com", "confirmed_at": timezone.now()}
    values.update(overrides)
    return Subscription.objects.create(**values)


def request_form_data(**overrides):
    """What a visitor types into the posting form, valid unless overridden."""
    values = {
        "kind": "search",
        "topic": "research",
        "title": "Partner wanted for battery recycling research",
        "description": (
            "Our institute looks for a university partner to research the recycling "
            "of lithium-ion batteries."
        ),
        "organisation": "Example Battery Institute",
        "organisation_type": "research_institute",
        "country": "DE",
        "contact_name": "Dr. Erika Example",
        "contact_email": "erika@example.org",
        "expires": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
    }
    values.update(overrides)
    return values
