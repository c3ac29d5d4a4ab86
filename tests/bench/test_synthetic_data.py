import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from clusters.models import (
    Assessment,
    Cluster,
    Criterion,
    Region,
    Source,
    TaggedCluster,
)
from cooperation import tokens
from cooperation.models import CooperationRequest
from portal import map as world_map
from tests import factories


@pytest.fixture
def seed_like(db):
    """What the synthetic data builds on: fields and criteria, and one real-looking
    portrait that must stay untouched."""
    fields = [factories.make_field(name=name) for name in ("Biotechnology", "Robotics")]
    criteria = [
        factories.make_criterion(),
        factories.make_criterion(method=Criterion.Method.EDITORIAL),
    ]
    real = factories.make_cluster(name="Real Cluster", slug="real-cluster")
    return {"fields": fields, "criteria": criteria, "real": real}


def generate(**options):
    output = io.StringIO()
    call_command(
        "generate_synthetic_data",
        "--allow-any-database",
        stdout=output,
        **{"clusters": 30, "regions": 5, "requests": 40, "batch_size": 7, **options},
    )
    return output.getvalue()


def test_the_synthetic_data_is_written_in_batches_and_reported(seed_like):
    output = generate()

    synthetic_clusters = Cluster.objects.filter(slug__startswith="synthetic-")
    assert synthetic_clusters.count() == 30
    assert Region.objects.filter(slug__startswith="synthetic-").count() == 5
    assert (
        CooperationRequest.objects.filter(title__startswith="Synthetic").count() == 40
    )
    assert "30 synthetic clusters created" in output
    assert "recompute_scores" in output


def test_every_synthetic_record_says_it_is_synthetic(seed_like):
    generate()

    for cluster in Cluster.objects.filter(slug__startswith="synthetic-"):
        assert cluster.name.startswith("Synthetic cluster ")
        assert cluster.summary.startswith("Synthetic portrait")
        assert cluster.website.startswith("https://example.org/")
        assert cluster.region.name.startswith("Synthetic region ")
    source = Source.objects.get(url__startswith="https://example.org/synthetic/")
    assert "Synthetic" in source.title
    assert not Assessment.objects.filter(
        cluster__slug__startswith="synthetic-"
    ).exclude(source=source)
    assert not CooperationRequest.objects.exclude(
        contact_email__endswith="@example.org"
    )


def test_the_seed_records_are_left_alone(seed_like):
    real = seed_like["real"]
    before = (real.name, real.summary, real.region_id, list(real.fields.all()))

    generate()

    real.refresh_from_db()
    assert (real.name, real.summary, real.region_id, list(real.fields.all())) == before
    assert not real.assessments.exists()


def test_synthetic_regions_lie_in_their_country(seed_like):
    generate(regions=40)

    for region in Region.objects.filter(slug__startswith="synthetic-"):
        shape = world_map.shapes_by_code().get(region.country.code)
        if shape is None:
            continue  # too small for the map's shapes: anywhere will do
        left, top, right, bottom = shape.focus
        x, y = world_map.project(region.latitude, region.longitude)
        assert left - 0.01 <= x <= right + 0.01, region.country.code
        assert top - 0.01 <= y <= bottom + 0.01, region.country.code


def test_synthetic_clusters_carry_fields_and_valid_assessments(seed_like):
    generate()

    synthetic = Cluster.objects.filter(slug__startswith="synthetic-")
    tagged = TaggedCluster.objects.filter(content_object__in=synthetic)
    assert set(tagged.values_list("content_object", flat=True)) == set(
        synthetic.values_list("pk", flat=True)
    )
    editorial = Assessment.objects.filter(criterion__method=Criterion.Method.EDITORIAL)
    assert editorial.exists()
    for assessment in editorial:
        assessment.full_clean()  # whole levels 1 to 5 with a justification
    assert Assessment.objects.filter(
        criterion=seed_like["criteria"][0], cluster__in=synthetic
    ).exists()


def test_synthetic_requests_are_open_with_fields_countries_and_working_links(
    seed_like,
):
    generate()

    open_requests = CooperationRequest.objects.open_requests()
    assert open_requests.count() == 40
    request = open_requests.first()
    assert request.fields.exists()
    assert request.country
    assert (
        tokens.find_by_token(
            CooperationRequest.objects.all(), request.manage_token, "manage"
        )
        == request
    )


def test_the_same_seed_gives_the_same_data(seed_like):
    generate(seed=7)
    first = list(
        Cluster.objects.filter(slug__startswith="synthetic-")
        .order_by("slug")
        .values_list("slug", "region__slug", "summary")
    )
    Cluster.objects.filter(slug__startswith="synthetic-").delete()
    Region.objects.filter(slug__startswith="synthetic-").delete()
    Source.objects.filter(url__startswith="https://example.org/synthetic/").delete()

    generate(seed=7)

    again = list(
        Cluster.objects.filter(slug__startswith="synthetic-")
        .order_by("slug")
        .values_list("slug", "region__slug", "summary")
    )
    assert again == first


def test_it_refuses_to_add_a_second_synthetic_set(seed_like):
    generate()

    with pytest.raises(CommandError, match="already exist"):
        generate()


def test_it_refuses_a_database_not_named_for_benchmarks(seed_like):
    if "bench" in str(connection.settings_dict["NAME"]):
        pytest.skip("the test database itself is named for benchmarks")

    with pytest.raises(CommandError, match="bench"):
        call_command("generate_synthetic_data", "--clusters=1", stdout=io.StringIO())

    assert not Cluster.objects.filter(slug__startswith="synthetic-").exists()


def test_the_query_counter_reports_cold_and_warm_counts(seed_like):
    output = io.StringIO()

    call_command("bench_queries", "--json", "/", "/clusters/", stdout=output)

    rows = json.loads(output.getvalue())
    assert [row["path"] for row in rows] == ["/", "/clusters/"]
    assert all(row["status"] == 200 for row in rows)
    home = rows[0]
    assert home["warm"] < home["cold"]
    assert home["bytes"] > 0
