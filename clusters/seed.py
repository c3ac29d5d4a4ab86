"""Loading the seed data set (fixtures/seed/*.json) into the database.

Records are matched by slug, URL or natural key and saved only when a value differs, so
loading the same files twice changes nothing: no new rows, no new history entries, no
touched timestamps. The format is described in fixtures/seed/FORMAT.md.
"""

import json
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import (
    Actor,
    Cluster,
    CountryProfile,
    Partnership,
    QualityLabel,
    Region,
    Source,
    SupportMeasure,
    TechnologyField,
)

logger = logging.getLogger(__name__)

SEED_DIR = settings.BASE_DIR / "fixtures" / "seed"
FIELDS_FILE = "fields.json"


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)

    def count(self, model, created):
        bucket = self.created if created else self.updated
        name = model._meta.verbose_name_plural
        bucket[name] = bucket.get(name, 0) + 1

    @property
    def changed(self):
        return bool(self.created or self.updated)


def sync(model, report, lookup, values):
    """Create the row matching `lookup`, or update it where `values` differ."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model.objects.create(**lookup, **values)
        report.count(model, created=True)
        return instance

    changed = [
        name for name, value in values.items() if getattr(instance, name) != value
    ]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save()
        report.count(model, created=False)
    return instance


def sync_set(manager, wanted):
    """Make a many-to-many relation hold exactly `wanted`; touch it only on change."""
    if set(manager.all()) != set(wanted):
        manager.set(wanted)
        return True
    return False


def parse_date(value):
    return date.fromisoformat(value) if value else None


def load_source(data, report):
    return sync(
        Source,
        report,
        {"url": data["url"]},
        {
            "title": data["title"][:300],
            "publisher": (data.get("publisher") or "")[:200],
            "year": data.get("year"),
            "accessed": parse_date(data.get("accessed")),
        },
    )


def load_sources(items, report):
    return [load_source(item, report) for item in items or []]


def load_fields(path, report):
    entries = json.loads(path.read_text(encoding="utf-8"))
    by_slug = {}
    for entry in entries:
        by_slug[entry["slug"]] = sync(
            TechnologyField,
            report,
            {"slug": entry["slug"]},
            {"name": entry["name"], "description": entry["description"]},
        )
    for entry in entries:
        parent = by_slug.get(entry.get("parent"))
        sync(TechnologyField, report, {"slug": entry["slug"]}, {"parent": parent})
    return by_slug


def tag_fields(instance, slugs, fields_by_slug):
    wanted = []
    for slug in slugs or []:
        if slug not in fields_by_slug:
            raise ValueError(f"{instance}: unknown technology field {slug!r}")
        wanted.append(fields_by_slug[slug])
    if set(instance.fields.all()) != set(wanted):
        instance.fields.set(wanted)


def load_country(data, report):
    profile = sync(
        CountryProfile,
        report,
        {"country": data["code"]},
        {
            "innovation_context": data["innovation_context"],
            "cluster_policy": data.get("cluster_policy") or "",
            "website": data.get("website") or "",
        },
    )
    sync_set(profile.sources, load_sources(data.get("sources"), report))


def load_region(data, country, report):
    return sync(
        Region,
        report,
        {"slug": data["slug"]},
        {
            "name": data["name"],
            "country": country,
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "description": data.get("description") or "",
            "nuts2_code": data.get("nuts2") or "",
            "cbsa_code": data.get("cbsa") or "",
        },
    )


def load_measure(data, fields_by_slug, report):
    measure = sync(
        SupportMeasure,
        report,
        {"slug": data["slug"]},
        {
            "name": data["name"],
            "country": data["country"],
            "kind": data["kind"],
            "start_year": data.get("start_year"),
            "end_year": data.get("end_year"),
            "description": data["description"],
            "website": data.get("website") or "",
        },
    )
    tag_fields(measure, data.get("fields"), fields_by_slug)
    sync_set(measure.sources, load_sources(data.get("sources"), report))
    return measure


def load_cluster(data, fields_by_slug, report):
    region = load_region(data["region"], data["country"], report)
    values = {
        "name": data["name"],
        "kind": data["kind"],
        "region": region,
        "latitude": data["latitude"],
        "longitude": data["longitude"],
        "founded": data.get("founded"),
        "website": data.get("website") or "",
        "summary": data["summary"],
        "international_attractiveness": data["international_attractiveness"],
        "thematic_strengths": data["thematic_strengths"],
        "actors_and_networks": data["actors_and_networks"],
        "developmental_dynamics": data["developmental_dynamics"],
        "last_verified": parse_date(data.get("last_verified")),
    }
    cluster = Cluster.objects.filter(slug=data["slug"]).first()
    if cluster is None:
        # Seeded portraits are published (and some featured) when first loaded; later
        # the editors' choices are left alone.
        values["status"] = Cluster.Status.PUBLISHED
        values["featured"] = bool(data.get("featured"))
    cluster = sync(Cluster, report, {"slug": data["slug"]}, values)

    tag_fields(cluster, data.get("fields"), fields_by_slug)
    sync_set(cluster.sources, load_sources(data.get("sources"), report))
    for actor in data.get("actors") or []:
        sync(
            Actor,
            report,
            {"cluster": cluster, "name": actor["name"][:200]},
            {
                "kind": actor["kind"],
                "role": (actor.get("role") or "")[:300],
                "website": actor.get("website") or "",
            },
        )
    for label in data.get("quality_labels") or []:
        sync(
            QualityLabel,
            report,
            {
                "cluster": cluster,
                "label": label["label"],
                "awarded": label.get("awarded"),
            },
            {
                "valid_until": parse_date(label.get("valid_until")),
                "source": load_source(label["source"], report),
            },
        )
    return cluster


def load_partnership(data, report):
    clusters = Cluster.objects.in_bulk(
        [data["cluster"], data["partner"]], field_name="slug"
    )
    if len(clusters) < 2:
        logger.warning(
            "Skipped the partnership %s - %s: a cluster is not in the data set",
            data["cluster"],
            data["partner"],
        )
        return None
    return sync(
        Partnership,
        report,
        {
            "cluster": clusters[data["cluster"]],
            "partner_cluster": clusters[data["partner"]],
        },
        {
            "description": data["description"],
            "since": data.get("since"),
            "source": load_source(data["source"], report),
        },
    )


def region_files(seed_dir):
    return sorted(path for path in seed_dir.glob("*.json") if path.name != FIELDS_FILE)


@transaction.atomic
def load_seed(seed_dir: Path = SEED_DIR) -> LoadReport:
    """Load every seed file in `seed_dir` in one transaction: a bad file changes
    nothing."""
    report = LoadReport()
    fields_by_slug = load_fields(seed_dir / FIELDS_FILE, report)
    documents = [
        (path, json.loads(path.read_text(encoding="utf-8")))
        for path in region_files(seed_dir)
    ]

    for path, document in documents:
        logger.info("Loading %s", path.name)
        for country in document.get("countries", []):
            load_country(country, report)
        for cluster in document.get("clusters", []):
            load_cluster(cluster, fields_by_slug, report)
        for measure in document.get("measures", []):
            load_measure(measure, fields_by_slug, report)

    # Links between records come last: they may point into another file.
    for _path, document in documents:
        for cluster in document.get("clusters", []):
            for slug in cluster.get("measures", []):
                link_measure(slug, Cluster.objects.filter(slug=cluster["slug"]))
        for partnership in document.get("partnerships", []):
            load_partnership(partnership, report)
    return report


def link_measure(slug, clusters):
    measure = SupportMeasure.objects.filter(slug=slug).first()
    if measure is None:
        logger.warning("Skipped a link to the unknown measure %s", slug)
        return
    missing = set(clusters) - set(measure.clusters.all())
    if missing:
        measure.clusters.add(*missing)
