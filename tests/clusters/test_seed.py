"""The seed loader: idempotent, complete, and strict about unknown references."""

import json

import pytest
from django.core.management import call_command

from clusters.models import Actor, Cluster, Source
from clusters.seed import load_seed

pytestmark = pytest.mark.django_db

SOURCE = {
    "title": "Cluster page",
    "publisher": "Example agency",
    "url": "https://example.org/cluster",
    "year": 2024,
    "accessed": "2026-12-03",
}


def write_seed(folder, clusters, fields=None):
    fields = fields or [
        {
            "slug": "biotechnology",
            "name": "Biotechnology",
            "parent": None,
            "description": "Biotech.",
        },
    ]
    (folder / "fields.json").write_text(json.dumps(fields))
    (folder / "europe.json").write_text(
        json.dumps(
            {"countries": [], "measures": [], "clusters": clusters, "partnerships": []}
        )
    )
    return folder


def cluster_entry(**overrides):
    entry = {
        "slug": "test-valley",
        "name": "Test Valley",
        "kind": "cluster",
        "country": "DE",
        "region": {
            "slug": "test-region",
            "name": "Test Region",
            "latitude": 50.0,
            "longitude": 10.0,
            "nuts2": "DE21",
            "cbsa": None,
        },
        "latitude": 50.0,
        "longitude": 10.0,
        "founded": None,
        "website": None,
        "summary": "Summary.",
        "international_attractiveness": "A.",
        "thematic_strengths": "B.",
        "actors_and_networks": "C.",
        "developmental_dynamics": "D.",
        "fields": ["biotechnology"],
        "actors": [{"name": "Test University", "kind": "university", "role": "R"}],
        "sources": [SOURCE],
        "last_verified": "2026-12-03",
    }
    entry.update(overrides)
    return entry


def test_loading_twice_changes_nothing(tmp_path):
    folder = write_seed(tmp_path, [cluster_entry()])

    first = load_seed(folder)
    cluster = Cluster.objects.get(slug="test-valley")
    updated = cluster.updated
    history_entries = cluster.history.count()
    second = load_seed(folder)

    assert first.changed
    assert not second.changed
    cluster.refresh_from_db()
    assert cluster.updated == updated
    assert cluster.history.count() == history_entries
    assert Actor.objects.count() == 1
    assert Source.objects.count() == 1


def test_a_seeded_portrait_is_published_with_its_parts(tmp_path):
    load_seed(write_seed(tmp_path, [cluster_entry()]))

    cluster = Cluster.objects.get(slug="test-valley")
    assert cluster.is_published
    assert cluster.region.nuts2_code == "DE21"
    assert [field.slug for field in cluster.fields.all()] == ["biotechnology"]
    assert cluster.founded is None
    assert cluster.sources.get().url == SOURCE["url"]


def test_an_editors_unpublishing_survives_a_reload(tmp_path):
    folder = write_seed(tmp_path, [cluster_entry()])
    load_seed(folder)
    Cluster.objects.filter(slug="test-valley").update(status="draft")

    load_seed(folder)

    assert Cluster.objects.get(slug="test-valley").status == "draft"


def test_an_unknown_field_stops_the_whole_load(tmp_path):
    folder = write_seed(tmp_path, [cluster_entry(fields=["alchemy"])])

    with pytest.raises(ValueError, match="alchemy"):
        load_seed(folder)

    assert not Cluster.objects.exists()


def test_the_command_reports_what_it_did(tmp_path, capsys):
    folder = write_seed(tmp_path, [cluster_entry()])

    call_command("load_seed", dir=str(folder))
    call_command("load_seed", dir=str(folder))

    output = capsys.readouterr().out
    assert "1 clusters created" in output
    assert "nothing changed" in output
