"""A large, clearly synthetic data set for the benchmark, never to be mixed up with the
seed: every record is named "Synthetic …", its slug starts with `synthetic-`, and
every link and source points to example.org.

Rows are written with bulk_create in batches, so signals do not run: the caller
recomputes the scores afterwards (`manage.py recompute_scores`), and the cached page
fragments are invalidated here once at the end.
"""

import datetime
import logging
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from clusters.models import (
    Assessment,
    Cluster,
    Criterion,
    Region,
    Source,
    TaggedCluster,
    TechnologyField,
)
from cooperation import tokens
from cooperation.models import CooperationRequest, TaggedRequest
from portal import fragments
from portal import map as world_map

logger = logging.getLogger(__name__)

PREFIX = "synthetic-"
SOURCE_URL = "https://example.org/synthetic/benchmark-data"

# Country codes to draw from; Germany and the United States more often.
COUNTRY_CODES = (
    "DE DE DE US US US FR GB JP CN KR IN BR CA IT ES NL SE FI DK NO PL CZ AT CH BE IE "
    "IL SG AU NZ ZA KE NG EG AE SA TR MX AR CL CO TW VN TH MY ID PT HU RO EE GR"
)
COUNTRIES = COUNTRY_CODES.split()

# Neutral words that fill synthetic text. The topic words come from the names of the
# record's own technology fields, so that a search for a field's word finds about as
# many synthetic records as are tagged with it, as it would in real data.
FILLER_TEXT = (
    "regional companies partners growth programme members projects exports jobs "
    "skills training investment network pilot testbed laboratory incubator venture "
    "supplier platform cooperation innovation transfer funding startups university "
    "institute research production market services hub campus talent chain"
)
FILLER = FILLER_TEXT.split()
TOPIC_SHARE = 0.15


@dataclass
class Report:
    created: dict = field(default_factory=dict)

    def add(self, name, count):
        self.created[name] = self.created.get(name, 0) + count


def synthetic_records_exist():
    return (
        Cluster.objects.filter(slug__startswith=PREFIX).exists()
        or Region.objects.filter(slug__startswith=PREFIX).exists()
    )


def topic_words(technology_fields):
    return [
        word.lower()
        for technology_field in technology_fields
        for word in technology_field.name.replace(",", " ").split()
        if len(word) > 3
    ]


def words(rng, count, topics=()):
    return " ".join(
        rng.choice(topics)
        if topics and rng.random() < TOPIC_SHARE
        else rng.choice(FILLER)
        for _ in range(count)
    )


def paragraph(rng, label, count, topics=()):
    text = words(rng, count, topics)
    return f"Synthetic {label} for benchmarking, not a real record: {text}."


def pick_fields(rng, fields, most):
    if not fields:
        return []
    return rng.sample(fields, rng.randint(1, min(most, len(fields))))


def in_batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk_create(model, rows, batch_size, report):
    created = []
    for batch in in_batches(rows, batch_size):
        created += model.objects.bulk_create(batch)
    report.add(model._meta.verbose_name_plural, len(created))
    logger.info("Created %d %s", len(created), model._meta.verbose_name_plural)
    return created


def position_in(rng, country):
    """(latitude, longitude) somewhere in the box around the country's main area, so
    that maps of the synthetic data look like maps of real data; anywhere for a
    country the map's shapes do not have."""
    shape = world_map.shapes_by_code().get(country)
    if shape is None:
        return rng.uniform(-50, 65), rng.uniform(-170, 175)
    left, top, right, bottom = shape.focus
    longitude = rng.uniform(left, right) / world_map.SCALE - 180
    latitude = 90 - rng.uniform(top, bottom) / world_map.SCALE
    return latitude, longitude


def make_regions(rng, count, batch_size, report):
    rows = []
    for number in range(1, count + 1):
        country = rng.choice(COUNTRIES)
        latitude, longitude = position_in(rng, country)
        rows.append(
            Region(
                name=f"Synthetic region {number:05d}",
                slug=f"{PREFIX}region-{number:05d}",
                country=country,
                latitude=round(latitude, 4),
                longitude=round(longitude, 4),
                description=paragraph(rng, "region", 30),
            )
        )
    return bulk_create(Region, rows, batch_size, report)


def make_clusters(rng, count, regions, fields, draft_share, batch_size, report):
    """The clusters, and the technology fields chosen for each (in the same order)."""
    now = timezone.now()
    rows, chosen = [], []
    for number in range(1, count + 1):
        region = rng.choice(regions)
        own_fields = pick_fields(rng, fields, 3)
        topics = topic_words(own_fields)
        chosen.append(own_fields)
        slug = f"{PREFIX}{number:05d}"
        status = (
            Cluster.Status.DRAFT
            if rng.random() < draft_share
            else Cluster.Status.PUBLISHED
        )
        rows.append(
            Cluster(
                name=f"Synthetic cluster {number:05d}",
                slug=slug,
                kind=rng.choice(Cluster.Kind.values),
                region=region,
                latitude=max(-90, min(90, region.latitude + rng.uniform(-1, 1))),
                longitude=max(-180, min(180, region.longitude + rng.uniform(-1, 1))),
                founded=rng.randint(1950, 2023),
                website=f"https://example.org/{slug}",
                summary=paragraph(rng, "portrait", 40, topics),
                international_attractiveness=paragraph(rng, "section", 80, topics),
                thematic_strengths=paragraph(rng, "section", 80, topics),
                actors_and_networks=paragraph(rng, "section", 80, topics),
                developmental_dynamics=paragraph(rng, "section", 80, topics),
                status=status,
                created=now - datetime.timedelta(days=rng.randint(0, 2000)),
            )
        )
    return bulk_create(Cluster, rows, batch_size, report), chosen


def tag(model, objects, chosen, batch_size, report):
    rows = [
        model(content_object_id=obj.pk, tag_id=technology_field.pk)
        for obj, own_fields in zip(objects, chosen, strict=True)
        for technology_field in own_fields
    ]
    return bulk_create(model, rows, batch_size, report)


def make_assessments(rng, clusters, criteria, source, coverage, batch_size, report):
    rows = []
    for criterion in criteria:
        editorial = criterion.method == Criterion.Method.EDITORIAL
        for cluster in clusters:
            if rng.random() > coverage:
                continue
            if editorial:
                value, note = rng.randint(1, 5), "Synthetic rating for benchmarking."
            else:
                value, note = round(rng.lognormvariate(1, 1), 3), ""
            rows.append(
                Assessment(
                    cluster_id=cluster.pk,
                    criterion_id=criterion.pk,
                    year=2022,
                    value=value,
                    source=source,
                    note=note,
                )
            )
    return bulk_create(Assessment, rows, batch_size, report)


def make_requests(rng, count, fields, batch_size, report):
    """The requests, and the technology fields chosen for each (in the same order)."""
    now = timezone.now()
    today = timezone.localdate()
    rows, chosen = [], []
    for number in range(1, count + 1):
        own_fields = pick_fields(rng, fields, 2)
        topics = topic_words(own_fields)
        chosen.append(own_fields)
        published = now - datetime.timedelta(minutes=rng.randint(1, 80 * 24 * 60))
        secret = tokens.new_secret()
        rows.append(
            CooperationRequest(
                kind=rng.choice(CooperationRequest.Kind.values),
                topic=rng.choice(CooperationRequest.Topic.values),
                title=f"Synthetic request {number:05d}: {words(rng, 5, topics)}",
                description=paragraph(rng, "request", 60, topics),
                organisation=f"Synthetic organisation {number % 2000:04d}",
                organisation_type=rng.choice(
                    CooperationRequest.OrganisationType.values
                ),
                country=rng.choice(COUNTRIES),
                target_countries=rng.sample(COUNTRIES[6:], rng.randint(0, 3)),
                contact_name="Synthetic poster",
                contact_email=f"synthetic-{number:05d}@example.org",
                status=CooperationRequest.Status.PUBLISHED,
                created=published,
                confirmed_at=published,
                published_at=published,
                expires=today + datetime.timedelta(days=rng.randint(1, 90)),
                secret=secret,
                token_digest=tokens.digest(tokens.token_for(secret, "manage")),
            )
        )
    return bulk_create(CooperationRequest, rows, batch_size, report), chosen


@transaction.atomic
def generate(
    clusters=10_000,
    regions=2_000,
    requests=50_000,
    draft_share=0.05,
    assessment_coverage=0.8,
    batch_size=2_000,
    seed=1,
):
    """Write the synthetic data set; return a Report of what was created."""
    rng = random.Random(seed)
    report = Report()
    fields = list(TechnologyField.objects.order_by("pk"))
    criteria = list(Criterion.objects.order_by("pk"))
    if not fields or not criteria:
        logger.warning("No technology fields or criteria: load the seed data first")

    source = Source.objects.create(
        title="Synthetic benchmark data (not real)",
        publisher="Benchmark",
        url=SOURCE_URL,
        year=timezone.localdate().year,
    )
    report.add("sources", 1)
    created_regions = make_regions(rng, regions, batch_size, report)
    created_clusters, cluster_fields = make_clusters(
        rng, clusters, created_regions, fields, draft_share, batch_size, report
    )
    tag(TaggedCluster, created_clusters, cluster_fields, batch_size, report)
    make_assessments(
        rng,
        created_clusters,
        criteria,
        source,
        assessment_coverage,
        batch_size,
        report,
    )
    created_requests, request_fields = make_requests(
        rng, requests, fields, batch_size, report
    )
    tag(TaggedRequest, created_requests, request_fields, batch_size, report)

    # bulk_create sends no signals: say once that the content changed.
    transaction.on_commit(fragments.content_changed)
    return report
