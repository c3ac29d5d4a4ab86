import pytest

from clusters.models import CountryProfile, Partnership
from tests import factories

pytestmark = pytest.mark.django_db


def build_world(count):
    fields = [factories.make_field() for _ in range(3)]
    criterion = factories.make_criterion()
    for index in range(count):
        country = ["DE", "FR", "US", "JP"][index % 4]
        region = factories.make_region(country=country)
        region.sources.add(factories.make_source())
        cluster = factories.make_cluster(region=region, fields=fields[: index % 3 + 1])
        cluster.sources.add(factories.make_source())
        factories.make_assessment(cluster, criterion, value=float(index))
        factories.make_actor(cluster)
        measure = factories.make_measure(country=country, region=region)
        measure.fields.set(fields[:2])
        measure.clusters.add(cluster)
        measure.sources.add(factories.make_source())
        profile, _ = CountryProfile.objects.get_or_create(
            country=country, defaults={"innovation_context": "Context."}
        )
        profile.sources.add(factories.make_source())
        factories.make_field(parent=fields[0])
    return cluster


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # Count, page with regions, fields, sources, assessments with criteria.
        ("/api/clusters/?page_size=100", 5),
        # Count, page, sources, published clusters.
        ("/api/regions/?page_size=100", 4),
        # Count, page with parents, children.
        ("/api/fields/?page_size=100", 3),
        # Count, page with regions, fields, sources, published clusters.
        ("/api/measures/?page_size=100", 5),
        # Cluster counts, profiled countries, measure counts, profiles, sources.
        ("/api/countries/", 5),
        ("/api/countries/de/", 5),
    ],
)
def test_list_queries_do_not_grow_with_rows(
    client, db, django_assert_num_queries, count, url, queries
):
    build_world(count)

    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_portrait_queries_do_not_grow_with_related_rows(
    client, db, django_assert_num_queries, count
):
    cluster = build_world(count)
    for _ in range(count):
        Partnership.objects.create(
            cluster=cluster,
            partner_cluster=factories.make_cluster(),
            description="Cooperation",
            source=factories.make_source(),
        )
        factories.make_actor(cluster)

    # The portrait's own queries: cluster, fields, sources, labels, actors,
    # partnerships both ways, assessments, measures.
    with django_assert_num_queries(9):
        response = client.get(f"/api/clusters/{cluster.slug}/")
    assert response.status_code == 200
