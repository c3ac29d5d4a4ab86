import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from clusters.models import Partnership
from clusters.views import PORTRAITS_SHOWN
from tests import factories

pytestmark = pytest.mark.django_db


def test_home_page_shows_counts_and_featured_portraits(client, cluster, draft):
    cluster.featured = True
    cluster.save()

    response = client.get("/")

    assertContains(response, "Munich Biotech")
    assertNotContains(response, "Secret Draft Valley")
    assert response.context["cluster_count"] == 1
    assert response.context["country_count"] == 1


def test_home_page_without_content_says_so(client, db):
    assertContains(client.get("/"), "No portraits have been published yet.")


@pytest.mark.parametrize(
    "url",
    [
        "/clusters/",
        "/clusters/munich-biotech/",
        "/countries/",
        "/countries/de/",
        "/countries/DE/",
        "/regions/upper-bavaria/",
        "/fields/",
        "/fields/biotechnology/",
        "/measures/",
    ],
)
def test_every_public_page_renders(client, cluster, url):
    factories.make_measure(slug="go-cluster", name="go-cluster").clusters.add(cluster)

    assert client.get(url).status_code == 200


def test_measure_page_lists_its_published_clusters_only(client, cluster, draft):
    measure = factories.make_measure(slug="go-cluster", name="go-cluster")
    measure.clusters.add(cluster, draft)

    response = client.get("/measures/go-cluster/")

    assertContains(response, "Munich Biotech")
    assertNotContains(response, "Secret Draft Valley")


def test_portrait_shows_every_part(client, cluster):
    criterion = factories.make_criterion(name="High-tech employment", unit="%")
    factories.make_assessment(
        cluster,
        criterion,
        year=2018,
        value=7.3,
        source=factories.make_source(title="Eurostat table"),
    )
    cluster.sources.add(factories.make_source(title="Cluster website"))
    partner = factories.make_cluster(name="Partner Valley")
    Partnership.objects.create(
        cluster=cluster,
        partner_cluster=partner,
        description="Joint projects",
        since=2015,
        source=factories.make_source(),
    )
    factories.make_measure(name="Leading-Edge Clusters").clusters.add(cluster)

    response = client.get(cluster.get_absolute_url())

    for text in [
        "International attractiveness",
        "Thematic areas of strength",
        "Actors and networks",
        "Developmental dynamics",
        "Technical University of Munich",
        "Biotechnology",
        "High-tech employment",
        "7.3",
        "2018",
        "Eurostat table",
        "Cluster website",
        "Partner Valley",
        "Joint projects",
        "Leading-Edge Clusters",
    ]:
        assertContains(response, text)


def test_portrait_partner_shows_the_partnership_too(client, cluster):
    partner = factories.make_cluster(name="Partner Valley")
    Partnership.objects.create(
        cluster=cluster,
        partner_cluster=partner,
        description="Joint projects",
        source=factories.make_source(),
    )

    assertContains(client.get(partner.get_absolute_url()), "Munich Biotech")


def test_unknown_values_are_shown_as_not_available(client, cluster):
    cluster.founded = None
    cluster.website = ""
    cluster.save()

    assertContains(client.get(cluster.get_absolute_url()), "n/a")


class TestDraftsStayHidden:
    def test_not_in_the_list(self, client, cluster, draft):
        assertNotContains(client.get("/clusters/"), "Secret Draft Valley")

    def test_not_by_guessing_the_url(self, client, draft):
        response = client.get("/clusters/secret-draft-valley/")

        assert response.status_code == 404
        assertContains(response, "Page not found", status_code=404)

    @pytest.mark.parametrize(
        "url", ["/countries/de/", "/regions/upper-bavaria/", "/fields/biotechnology/"]
    )
    def test_not_on_related_pages(self, client, cluster, draft, url):
        assertNotContains(client.get(url), "Secret Draft Valley")

    def test_not_as_a_partner(self, client, cluster, draft):
        Partnership.objects.create(
            cluster=cluster,
            partner_cluster=draft,
            description="Hidden",
            source=factories.make_source(),
        )

        assertNotContains(client.get(cluster.get_absolute_url()), "Secret Draft")


class TestClusterFilters:
    @pytest.fixture
    def clusters(self, db):
        biotech = factories.make_field(slug="biotech", name="Biotech")
        ai = factories.make_field(slug="ai", name="AI")
        bavaria = factories.make_region(slug="bavaria", country="DE")
        provence = factories.make_region(slug="provence", country="FR")
        return {
            "munich": factories.make_cluster(
                name="Munich Bio", region=bavaria, fields=[biotech], kind="cluster"
            ),
            "munich-ai": factories.make_cluster(
                name="Munich AI", region=bavaria, fields=[ai], kind="initiative"
            ),
            "nice": factories.make_cluster(
                name="Nice Bio",
                region=provence,
                fields=[biotech],
                kind="initiative",
                summary="Sophia Antipolis science park",
            ),
        }

    def names(self, client, query):
        response = client.get("/clusters/", query)
        assert response.status_code == 200
        return sorted(cluster.name for cluster in response.context["clusters"])

    def test_country(self, client, clusters):
        assert self.names(client, {"country": "de"}) == ["Munich AI", "Munich Bio"]

    def test_filters_combine(self, client, clusters):
        assert self.names(client, {"country": "DE", "field": "biotech"}) == [
            "Munich Bio"
        ]
        assert self.names(client, {"field": "biotech", "kind": "initiative"}) == [
            "Nice Bio"
        ]
        assert self.names(client, {"region": "bavaria", "kind": "initiative"}) == [
            "Munich AI"
        ]

    def test_text_search_looks_into_the_portrait(self, client, clusters):
        assert self.names(client, {"q": "sophia"}) == ["Nice Bio"]

    def test_sorting(self, client, clusters):
        response = client.get("/clusters/", {"sort": "-name"})

        assert [c.name for c in response.context["clusters"]] == [
            "Nice Bio",
            "Munich Bio",
            "Munich AI",
        ]

    def test_an_empty_result_says_so(self, client, clusters):
        response = client.get("/clusters/", {"q": "nothing-matches-this"})

        assertContains(response, "No cluster matches these filters.")

    def test_unknown_values_get_a_clear_message_not_an_error(self, client, clusters):
        response = client.get(
            "/clusters/", {"country": "XX", "kind": "volcano", "field": "nope"}
        )

        assert response.status_code == 200
        assertContains(response, "Select a valid choice")
        assertContains(response, "Some filters are not valid.")

    def test_unknown_parameters_are_ignored(self, client, clusters):
        assert len(self.names(client, {"colour": "blue"})) == 3

    def test_the_query_string_survives_pagination(self, client, db, settings):
        region = factories.make_region(country="FR")
        for _ in range(25):
            factories.make_cluster(region=region)

        response = client.get("/clusters/", {"country": "FR"})

        assertContains(response, "country=FR&amp;page=2")

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1e9"])
    def test_a_bad_page_number_shows_a_real_page(self, client, clusters, page):
        assert client.get("/clusters/", {"page": page}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"q": "<script>alert('x')</script>"},
        {"q": "x" * 100_000},
        {"country": "<b>DE</b>"},
        {"region": "' OR 1=1 --"},
        {"sort": "password"},
        {"page": "<script>"},
    ],
)
def test_hostile_query_strings_never_break_the_list(client, cluster, query):
    response = client.get("/clusters/", query)

    assert response.status_code == 200
    assertNotContains(response, "<script>alert")


def test_unknown_country_code_is_not_found(client, db):
    assert client.get("/countries/zz/").status_code == 404
    assert client.get("/countries/<script>/").status_code == 404


def test_a_country_without_content_is_not_found(client, db):
    assert client.get("/countries/fr/").status_code == 404


def test_country_page_shows_profile_clusters_and_measures(client, cluster):
    factories.make_country_profile(innovation_context="Strong research base.")
    factories.make_measure(name="go-cluster")

    response = client.get("/countries/de/")

    assertContains(response, "Strong research base.")
    assertContains(response, "Munich Biotech")
    assertContains(response, "go-cluster")


def test_measure_list_filters_by_country(client, db):
    factories.make_measure(name="German programme", country="DE")
    factories.make_measure(name="French programme", country="FR")

    response = client.get(reverse("clusters:measure-list"), {"country": "fr"})

    assertContains(response, "French programme")
    assertNotContains(response, "German programme")


def build_clusters(count):
    fields = [factories.make_field() for _ in range(3)]
    for index in range(count):
        cluster = factories.make_cluster(fields=fields[: index % 3 + 1])
        factories.make_actor(cluster)


@pytest.mark.parametrize("count", [3, 30])
def test_cluster_list_queries_do_not_grow_with_rows(
    client, db, django_assert_num_queries, count
):
    build_clusters(count)

    # Count, page, fields of the page, and the choices of the region, field and
    # criterion filters.
    with django_assert_num_queries(6):
        client.get("/clusters/")


@pytest.mark.parametrize("count", [3, 30])
def test_portrait_queries_do_not_grow_with_related_rows(
    client, db, django_assert_num_queries, count
):
    cluster = factories.make_cluster(
        fields=[factories.make_field() for _ in range(count)]
    )
    criterion = factories.make_criterion()
    for index in range(count):
        factories.make_actor(cluster)
        factories.make_assessment(cluster, criterion, year=1990 + index)
        cluster.sources.add(factories.make_source())
        Partnership.objects.create(
            cluster=cluster,
            partner_cluster=factories.make_cluster(),
            description="Cooperation",
            source=factories.make_source(),
        )
        factories.make_measure().clusters.add(cluster)

    # Cluster, fields, sources, labels, actors, partnerships both ways, assessments,
    # measures, criteria, open cooperation requests in its fields.
    with django_assert_num_queries(11):
        client.get(cluster.get_absolute_url())


# Country, region and field pages with more portraits than they show -------------

MORE_THAN_SHOWN = PORTRAITS_SHOWN + 2

# Each page, and the address of the cluster list filtered to its portraits.
PORTRAIT_PAGES = {
    "/countries/de/": "/clusters/?country=DE",
    "/regions/upper-bavaria/": "/clusters/?region=upper-bavaria",
    "/fields/biotechnology/": "/clusters/?field=biotechnology",
}


def add_portraits(count, region, field, **values):
    return [
        factories.make_cluster(region=region, fields=[field], **values)
        for _ in range(count)
    ]


def add_portraits_elsewhere():
    """Portraits in another country, region and field, which no page may count."""
    elsewhere = factories.make_region(country="FR")
    other_field = factories.make_field()
    add_portraits(3, elsewhere, other_field)


def cards(response):
    return response.content.decode().count('<article class="card">')


@pytest.mark.parametrize("page", PORTRAIT_PAGES)
def test_a_page_shows_only_the_first_portraits_by_name(client, region, field, page):
    portraits = add_portraits(MORE_THAN_SHOWN, region, field)

    response = client.get(page)

    first_by_name = sorted(portrait.name for portrait in portraits)[:PORTRAITS_SHOWN]
    assert [cluster.name for cluster in response.context["clusters"]] == first_by_name
    assert cards(response) == PORTRAITS_SHOWN
    assert response.context["cluster_total"] == MORE_THAN_SHOWN


@pytest.mark.parametrize(("page", "all_portraits"), PORTRAIT_PAGES.items())
def test_a_page_links_to_all_its_portraits_beyond_the_first_few(
    client, region, field, page, all_portraits
):
    portraits = add_portraits(MORE_THAN_SHOWN, region, field)
    add_portraits_elsewhere()

    response = client.get(page)

    assertContains(
        response,
        f'<a href="{all_portraits}">See all {MORE_THAN_SHOWN} portraits</a>',
        html=True,
    )
    listed = client.get(all_portraits)
    assertContains(listed, f"{MORE_THAN_SHOWN} clusters found")
    assert {cluster.slug for cluster in listed.context["filter"].qs} == {
        portrait.slug for portrait in portraits
    }


@pytest.mark.parametrize("page", PORTRAIT_PAGES)
def test_a_page_with_no_more_portraits_than_it_shows_has_no_link_to_all(
    client, region, field, page
):
    add_portraits(PORTRAITS_SHOWN, region, field)
    add_portraits(3, region, field, status="draft")
    add_portraits_elsewhere()

    response = client.get(page)

    assert cards(response) == PORTRAITS_SHOWN
    assert response.context["cluster_total"] == PORTRAITS_SHOWN
    assertNotContains(response, "See all")


def test_a_country_page_lists_regions_whose_portraits_are_not_shown_as_cards(
    client, region, field
):
    # Named to come first, so that no card shown is from the other region.
    add_portraits(MORE_THAN_SHOWN, region, field, name="A cluster")
    saxony = factories.make_region(name="Saxony", slug="saxony", country="DE")
    factories.make_cluster(name="Zeiss Valley", region=saxony)
    empty = factories.make_region(name="Empty Region", country="DE")
    factories.make_cluster(region=empty, status="draft")

    response = client.get("/countries/de/")

    assert "Zeiss Valley" not in {
        cluster.name for cluster in response.context["clusters"]
    }
    assert [listed.name for listed in response.context["regions"]] == [
        "Saxony",
        "Upper Bavaria",
    ]
    assertContains(response, '<a href="/regions/saxony/">Saxony</a>', html=True)


@pytest.mark.parametrize("count", [3, MORE_THAN_SHOWN])
@pytest.mark.parametrize(
    ("page", "queries"),
    [
        # Profile, cards, their fields, the total, measures, the map's portraits
        # and countries, and the regions.
        ("/countries/de/", 8),
        # Region, its sources, cards, their fields, the total and measures.
        ("/regions/upper-bavaria/", 6),
        # Field, its children, cards, their fields, the total, measures and the
        # cooperation requests in the field.
        ("/fields/biotechnology/", 7),
    ],
)
def test_portrait_pages_ask_as_many_queries_for_few_portraits_as_for_many(
    client, region, field, django_assert_num_queries, count, page, queries
):
    add_portraits(count, region, field)

    with django_assert_num_queries(queries):
        client.get(page)
