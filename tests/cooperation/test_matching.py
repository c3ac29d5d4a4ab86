"""Requests and clusters point to each other: suggested clusters on a request's page,
open requests on a portrait."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from cooperation.matching import suggest_clusters
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def landscape(db):
    batteries = factories.make_field(name="Batteries")
    hydrogen = factories.make_field(name="Hydrogen")
    france = factories.make_region(country="FR")
    germany = factories.make_region(country="DE")
    return {
        "batteries": batteries,
        "hydrogen": hydrogen,
        "both-in-germany": factories.make_cluster(
            name="Both fields, Germany", region=germany, fields=[batteries, hydrogen]
        ),
        "one-in-france": factories.make_cluster(
            name="Batteries, France", region=france, fields=[batteries]
        ),
        "one-in-germany": factories.make_cluster(
            name="Batteries, Germany", region=germany, fields=[batteries]
        ),
        "unrelated-in-france": factories.make_cluster(
            name="Nothing shared, France", region=france
        ),
        "draft": factories.make_cluster(
            name="Draft", region=france, fields=[batteries], status="draft"
        ),
    }


def names(clusters):
    return [cluster.name for cluster in clusters]


def test_clusters_sharing_more_fields_come_first_then_those_in_target_countries(
    landscape,
):
    cooperation_request = factories.make_cooperation_request(
        fields=[landscape["batteries"], landscape["hydrogen"]], target_countries=["FR"]
    )

    assert names(suggest_clusters(cooperation_request)) == [
        "Both fields, Germany",
        "Batteries, France",
        "Batteries, Germany",
    ]


def test_without_fields_the_clusters_in_target_countries_are_suggested(landscape):
    cooperation_request = factories.make_cooperation_request(target_countries=["FR"])

    assert names(suggest_clusters(cooperation_request)) == [
        "Batteries, France",
        "Nothing shared, France",
    ]


def test_a_request_without_fields_or_targets_gets_no_suggestions(landscape):
    cooperation_request = factories.make_cooperation_request()

    assert suggest_clusters(cooperation_request) == []


def test_clusters_already_related_are_not_suggested_again(landscape):
    cooperation_request = factories.make_cooperation_request(
        fields=[landscape["batteries"]], clusters=[landscape["one-in-france"]]
    )

    assert "Batteries, France" not in names(suggest_clusters(cooperation_request))


def test_the_request_page_shows_the_suggestions(client, landscape):
    cooperation_request = factories.make_cooperation_request(
        fields=[landscape["hydrogen"]]
    )

    response = client.get(cooperation_request.get_absolute_url())

    assertContains(response, "Clusters that may fit")
    assertContains(response, "Both fields, Germany")
    assertNotContains(response, "Batteries, France")


@pytest.mark.parametrize("count", [3, 30])
def test_request_page_queries_do_not_grow_with_rows(
    client, db, django_assert_num_queries, count
):
    fields = [factories.make_field() for _ in range(count)]
    clusters = [factories.make_cluster(fields=fields) for _ in range(count)]
    cooperation_request = factories.make_cooperation_request(
        fields=fields, clusters=clusters[:2], target_countries=["DE", "FR"]
    )

    # Request, its fields, its related clusters with regions, the suggested clusters
    # with regions, their fields.
    with django_assert_num_queries(5):
        client.get(cooperation_request.get_absolute_url())


class TestPortrait:
    def test_shows_open_requests_in_its_fields(self, client, cluster, field):
        factories.make_cooperation_request(title="Open enzyme search", fields=[field])
        factories.make_cooperation_request(
            title="Pending enzyme search", fields=[field], status="pending"
        )
        factories.make_cooperation_request(
            title="Expired enzyme search", fields=[field], status="expired"
        )
        factories.make_cooperation_request(title="Other field search")

        response = client.get(cluster.get_absolute_url())

        assertContains(response, "Open cooperation requests in these fields")
        assertContains(response, "Open enzyme search")
        for hidden in ["Pending enzyme", "Expired enzyme", "Other field search"]:
            assertNotContains(response, hidden)

    def test_without_requests_says_so(self, client, cluster):
        assertContains(
            client.get(cluster.get_absolute_url()),
            "No open requests in this cluster's fields at the moment.",
        )

    def test_queries_do_not_grow_with_requests(self, client, cluster, field):
        def portrait_queries():
            with CaptureQueriesContext(connection) as queries:
                client.get(cluster.get_absolute_url())
            return len(queries)

        factories.make_cooperation_request(fields=[field])
        with_one = portrait_queries()
        for _ in range(20):
            factories.make_cooperation_request(fields=[field])

        assert portrait_queries() == with_one


def test_a_field_page_lists_the_open_requests_in_that_field(client, field):
    factories.make_cooperation_request(title="Open biotech search", fields=[field])
    factories.make_cooperation_request(
        title="Pending biotech offer", fields=[field], status="pending"
    )
    factories.make_cooperation_request(title="Unrelated search")

    response = client.get(field.get_absolute_url())

    assertContains(response, "Open biotech search")
    assertNotContains(response, "Pending biotech offer")
    assertNotContains(response, "Unrelated search")
    assertContains(response, f"?field={field.slug}")
