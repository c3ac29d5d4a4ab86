import datetime

import pytest
from django.db import connection
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from clusters.models import Cluster
from cooperation.models import CooperationRequest
from portal.search import filter_clusters, normalise, search
from tests import factories

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the fallback runs where there is no FTS"
)


def group(results, key):
    return next(group for group in results.groups if group.key == key)


def titles(results, key):
    return [hit.title for hit in group(results, key).hits]


@pytest.fixture
def graphene_clusters(db):
    """One cluster named after graphene, one that only mentions it deep in the text,
    listed first by name so that only ranking can put the named one on top."""
    mentions = factories.make_cluster(
        name="Aachen Materials",
        summary="Materials research in the Rhineland.",
        developmental_dynamics="A graphene pilot line opened recently.",
    )
    named = factories.make_cluster(
        name="Graphene Valley",
        summary="Two-dimensional materials research.",
    )
    return named, mentions


@pytest.mark.postgres
@on_postgresql
def test_a_name_match_outranks_a_match_in_the_text_on_postgresql(graphene_clusters):
    results = search("graphene")

    assert titles(results, "clusters") == ["Graphene Valley", "Aachen Materials"]


@pytest.mark.postgres
@on_postgresql
def test_a_summary_match_outranks_a_section_match_on_postgresql(db):
    factories.make_cluster(name="Alpha", developmental_dynamics="Photonics growth.")
    factories.make_cluster(name="Omega", summary="A photonics cluster.")

    assert titles(search("photonics"), "clusters") == ["Omega", "Alpha"]


@pytest.mark.postgres
@on_postgresql
def test_postgresql_search_stems_words_and_highlights_them(db):
    factories.make_cluster(
        name="Lens Works", summary="Firms that manufacture optical lenses."
    )

    hit = group(search("manufacturing optics"), "clusters").hits[0]

    assert hit.title == "Lens Works"
    assert "<mark>manufacture</mark>" in hit.snippet
    assert "<mark>optical</mark>" in hit.snippet


@pytest.mark.postgres
@on_postgresql
def test_postgresql_reads_the_query_like_a_web_search_box(db):
    factories.make_cluster(name="Solar Park", summary="Solar energy and storage.")
    factories.make_cluster(name="Wind Coast", summary="Wind energy offshore.")

    assert titles(search("energy -wind"), "clusters") == ["Solar Park"]
    assert titles(search('"energy offshore"'), "clusters") == ["Wind Coast"]
    assert titles(search("solar or wind"), "clusters") == ["Solar Park", "Wind Coast"]


@pytest.mark.postgres
@on_postgresql
def test_the_cluster_search_can_use_the_gin_index(db):
    # The region's name matches too: its condition must not keep the index out.
    region = factories.make_region(name="Indexed Region")
    factories.make_cluster(name="Indexed Cluster", region=region)
    queryset = filter_clusters(Cluster.objects.all(), "indexed")

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    try:
        plan = queryset.explain()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")

    assert "cluster_search_vector" in plan


@pytest.mark.postgres
@on_postgresql
def test_snippets_escape_stored_markup_on_postgresql(db):
    factories.make_cluster(
        name="Markup Cluster",
        summary="Robotics <script>alert('x')</script> where 3 < 4 & 5 > 2.",
    )

    snippet = group(search("robotics"), "clusters").hits[0].snippet

    assert "<script>" not in snippet
    assert "3 &lt; 4 &amp; 5 &gt; 2" in snippet
    assert "<mark>Robotics</mark>" in snippet


@on_sqlite
def test_the_fallback_ranks_name_matches_first(graphene_clusters):
    assert titles(search("graphene"), "clusters") == [
        "Graphene Valley",
        "Aachen Materials",
    ]


@on_sqlite
def test_the_fallback_needs_every_word_somewhere(db):
    factories.make_cluster(name="Solar Park", summary="Solar energy and storage.")
    factories.make_cluster(name="Wind Coast", summary="Wind energy offshore.")

    assert titles(search("energy storage"), "clusters") == ["Solar Park"]
    assert titles(search("ENERGY"), "clusters") == ["Solar Park", "Wind Coast"]


@on_sqlite
def test_the_fallback_highlights_and_escapes_its_snippet(db):
    factories.make_cluster(
        name="Markup Cluster", summary="<b>Bold</b> claims about robotics."
    )

    snippet = group(search("robotics"), "clusters").hits[0].snippet

    assert "<b>" not in snippet
    assert "&lt;b&gt;Bold&lt;/b&gt;" in snippet
    assert "<mark>robotics</mark>" in snippet


def test_results_are_grouped_by_kind_with_counts(db):
    region = factories.make_region(name="Quantum Coast", country="NL")
    factories.make_cluster(name="Quantum Delta", region=region)
    factories.make_cluster(name="Qubit Works", summary="Quantum computing firms.")
    factories.make_field(name="Quantum technology", slug="quantum")
    factories.make_measure(name="Quantum programme", country="NL")
    factories.make_cooperation_request(title="Quantum sensing partner wanted")

    results = search("quantum")

    assert [group.key for group in results.groups] == [
        "clusters",
        "countries",
        "regions",
        "fields",
        "measures",
        "requests",
    ]
    counts = {group.key: group.count for group in results.groups}
    assert counts == {
        "clusters": 2,
        "countries": 0,
        "regions": 1,
        "fields": 1,
        "measures": 1,
        "requests": 1,
    }
    assert results.total == 6


def test_a_group_counts_everything_but_shows_at_most_the_limit(db):
    for index in range(4):
        factories.make_cluster(name=f"Battery Cluster {index}")

    clusters = group(search("battery", limit=3), "clusters")

    assert clusters.count == 4
    assert len(clusters.hits) == 3
    assert clusters.has_more
    assert clusters.more_url == "/clusters/?q=battery"


def test_countries_are_found_by_the_start_of_their_words(db):
    factories.make_cluster(region=factories.make_region(country="NL"))
    factories.make_cluster(region=factories.make_region(country="NZ"))

    assert titles(search("nether"), "countries") == ["Netherlands"]
    assert titles(search("zealand"), "countries") == ["New Zealand"]
    assert titles(search("land"), "countries") == []


def test_drafts_are_never_found(cluster, draft):
    results = search("secret draft valley")

    assert titles(results, "clusters") == []
    assert "Secret Draft Valley" not in str(
        [hit.title for group in results.groups for hit in group.hits]
    )


def test_regions_with_only_drafts_are_not_found(db):
    hidden = factories.make_region(name="Hidden Hollow")
    factories.make_cluster(region=hidden, status=Cluster.Status.DRAFT)

    assert titles(search("hollow"), "regions") == []


def test_only_open_cooperation_requests_are_found(db):
    factories.make_cooperation_request(title="Hydrogen partner wanted")
    factories.make_cooperation_request(
        title="Hydrogen pending", status=CooperationRequest.Status.PENDING
    )
    factories.make_cooperation_request(
        title="Hydrogen closed", status=CooperationRequest.Status.CLOSED
    )
    factories.make_cooperation_request(
        title="Hydrogen expired",
        expires=timezone.localdate() - datetime.timedelta(days=1),
    )

    assert titles(search("hydrogen"), "requests") == ["Hydrogen partner wanted"]


def test_an_empty_query_finds_nothing_and_asks_nothing_of_the_database(
    db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        results = search("   \x00 ")

    assert results.groups == []
    assert not results


def test_queries_are_normalised():
    assert normalise("  solar\x00\tenergy \n ") == "solar energy"
    assert len(normalise("x" * 100_000)) == 200


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert('x')</script>",
        "x" * 100_000,
        "robot\x00ics",
        "a & | ! ( ) : * <-> '",
        "!!!",
        '"unclosed phrase',
        "-",
        "or or or",
        "Robert'); DROP TABLE clusters_cluster;--",
        "ünïcödé 量子 🚀",
    ],
)
def test_hostile_queries_never_break_the_service(cluster, query):
    results = search(query)

    assert results.total >= 0


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert('x')</script>",
        "x" * 100_000,
        "robot\x00ics",
        "a & | ! ( ) : * <-> '",
        "'",
    ],
)
def test_hostile_queries_never_break_the_search_page(client, cluster, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assertNotContains(response, "<script>alert")


def test_an_overlong_query_gets_a_clear_message(client, cluster):
    response = client.get("/search/", {"q": "x" * 201})

    assertContains(response, "Ensure this value has at most 200 characters")


def test_a_query_with_a_null_character_gets_a_clear_message(client, cluster):
    response = client.get("/search/", {"q": "munich\x00"})

    assertContains(response, "Null characters are not allowed.")


def test_the_search_page_shows_results_grouped_by_kind(client, cluster):
    factories.make_measure(name="Munich biotech programme")

    response = client.get("/search/", {"q": "munich"})

    assertContains(response, 'id="results-clusters"')
    assertContains(response, 'id="results-measures"')
    assertContains(response, 'href="/clusters/munich-biotech/"')
    assertContains(response, "2 results for “munich”")
    assertNotContains(response, 'id="results-fields"')


def test_the_search_page_without_a_query_shows_only_the_form(client, db):
    response = client.get("/search/")

    assert response.status_code == 200
    assert response.context["results"] is None
    assertContains(response, 'name="q"')


def test_a_search_without_results_says_so(client, cluster):
    response = client.get("/search/", {"q": "nothingmatchesthis"})

    assertContains(response, "Nothing matches this search.")


def test_search_result_pages_are_not_indexed(client, cluster):
    assertContains(
        client.get("/search/", {"q": "munich"}),
        '<meta name="robots" content="noindex, follow">',
    )


@pytest.mark.parametrize("count", [12, 30])
def test_search_page_queries_do_not_grow_with_results(
    client, db, django_assert_num_queries, count
):
    region = factories.make_region(name="Fusion Region")
    for index in range(count):
        factories.make_cluster(name=f"Fusion {index}", region=region)
        factories.make_measure(name=f"Fusion programme {index}")

    # A page of hits for each of the six kinds and a count for the two kinds that
    # found more than a page; PostgreSQL looks up matching region names first.
    expected = 9 if connection.vendor == "postgresql" else 8
    with django_assert_num_queries(expected):
        client.get("/search/", {"q": "fusion"})


def test_the_header_search_box_goes_to_the_search_page(client, db):
    assertContains(
        client.get("/"),
        '<form class="site-search" role="search" action="/search/" method="get">',
    )


def test_the_cluster_list_search_uses_the_same_ranking(client, graphene_clusters):
    response = client.get("/clusters/", {"q": "graphene"})

    assert [cluster.name for cluster in response.context["clusters"]] == [
        "Graphene Valley",
        "Aachen Materials",
    ]


def test_a_chosen_sort_replaces_the_ranking_on_the_list(client, graphene_clusters):
    response = client.get("/clusters/", {"q": "graphene", "sort": "name"})

    assert [cluster.name for cluster in response.context["clusters"]] == [
        "Aachen Materials",
        "Graphene Valley",
    ]


def test_the_cluster_list_search_still_finds_clusters_by_region_name(client, db):
    bavaria = factories.make_region(name="Bavaria")
    factories.make_cluster(name="Munich Bio", region=bavaria)
    factories.make_cluster(name="Elsewhere")

    response = client.get("/clusters/", {"q": "bavaria"})

    assert [cluster.name for cluster in response.context["clusters"]] == ["Munich Bio"]


def test_the_measure_list_search_uses_the_search_service(client, db):
    factories.make_measure(name="Alpha", description="Funding for hydrogen pilots.")
    factories.make_measure(name="Hydrogen Strategy", description="A policy.")
    factories.make_measure(name="Unrelated", description="Something else.")

    response = client.get("/measures/", {"q": "hydrogen"})

    assert [measure.name for measure in response.context["measures"]] == [
        "Hydrogen Strategy",
        "Alpha",
    ]
