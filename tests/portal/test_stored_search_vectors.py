"""The stored search vectors that full-text search matches and ranks by: a trigger
keeps them equal to the weighted documents, whichever way a row is written."""

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection

from clusters.models import CLUSTER_SEARCH_VECTOR, REGION_NAME_VECTOR, Cluster, Region
from cooperation.models import CooperationRequest
from portal.search import REGIONS, REQUESTS, search, web_query
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="stored vectors need PostgreSQL"
    ),
]


def request_document():
    document = None
    for name, weight in REQUESTS.weighted_fields:
        vector = SearchVector(name, weight=weight, config="english")
        document = vector if document is None else document + vector
    return document


def stored_and_expected(model, pk, document):
    return (
        model.objects.annotate(expected=document)
        .filter(pk=pk)
        .values_list("search_vector", "expected")
        .get()
    )


def assert_cluster_vector_is_current(cluster):
    stored, expected = stored_and_expected(Cluster, cluster.pk, CLUSTER_SEARCH_VECTOR)
    assert stored == expected
    assert stored


def test_a_new_cluster_gets_its_search_vector():
    cluster = factories.make_cluster(name="Vector Valley", summary="Graphene.")

    assert_cluster_vector_is_current(cluster)


def test_the_vector_follows_a_saved_change():
    cluster = factories.make_cluster(name="Before Name")

    cluster.developmental_dynamics = "Quantum computing arrived."
    cluster.save()

    assert_cluster_vector_is_current(cluster)
    assert search("quantum").groups[0].hits[0].title == "Before Name"


def test_the_vector_follows_bulk_writes_that_bypass_save():
    region = factories.make_region()
    [cluster] = Cluster.objects.bulk_create(
        [
            Cluster(
                name="Bulk Cluster",
                slug="bulk-cluster",
                region=region,
                latitude=1,
                longitude=1,
                summary="Written in bulk.",
                status=Cluster.Status.PUBLISHED,
            )
        ]
    )
    assert_cluster_vector_is_current(cluster)

    Cluster.objects.filter(pk=cluster.pk).update(summary="Updated hydroponics.")

    assert_cluster_vector_is_current(cluster)
    assert [hit.title for hit in search("hydroponics").groups[0].hits] == [
        "Bulk Cluster"
    ]


def test_a_request_gets_its_search_vector_and_keeps_it_current():
    request = factories.make_cooperation_request(title="Partner for lidar sensors")
    stored, expected = stored_and_expected(
        CooperationRequest, request.pk, request_document()
    )
    assert stored == expected

    CooperationRequest.objects.filter(pk=request.pk).update(organisation="Optica Lab")

    stored, expected = stored_and_expected(
        CooperationRequest, request.pk, request_document()
    )
    assert stored == expected
    assert "optica" in stored


def test_clusters_and_requests_are_loaded_without_their_vectors(
    django_assert_num_queries,
):
    factories.make_cluster()
    factories.make_cooperation_request()

    with django_assert_num_queries(2) as captured:
        list(Cluster.objects.all())
        list(CooperationRequest.objects.all())

    for query in captured.captured_queries:
        assert "search_vector" not in query["sql"].split(" FROM ")[0]


def test_the_request_search_can_use_its_gin_index():
    factories.make_cooperation_request(title="Indexed request")
    queryset = CooperationRequest.objects.alias(document=REQUESTS.document()).filter(
        document="indexed"
    )

    assert "request_search_vector" in plan_without_sequential_scans(queryset)


def plan_without_sequential_scans(queryset):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    try:
        return queryset.explain()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")


def test_the_region_searches_can_use_their_gin_indexes():
    factories.make_region(name="Indexed Region", description="Harbour and dunes.")
    document = Region.objects.alias(document=REGIONS.document()).filter(
        document=web_query("harbour")
    )
    name = Region.objects.alias(document=REGION_NAME_VECTOR).filter(
        document=web_query("indexed")
    )

    assert "region_search_vector" in plan_without_sequential_scans(document)
    assert "region_name_search_vector" in plan_without_sequential_scans(name)
