import json

import pytest

from clusters.filters import ClusterFilter
from clusters.models import Assessment, Cluster, Partnership, QualityLabel
from tests import factories

pytestmark = pytest.mark.django_db


def get_json(client, url, query=None):
    response = client.get(url, query or {})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def slugs(client, url, query=None):
    return [row["slug"] for row in get_json(client, url, query)["results"]]


@pytest.fixture
def portal(db):
    """A small published world with one draft hidden in every corner of it."""
    biotech = factories.make_field(slug="biotech", name="Biotech")
    ai = factories.make_field(slug="ai", name="AI", parent=biotech)
    bavaria = factories.make_region(slug="bavaria", name="Bavaria", country="DE")
    provence = factories.make_region(slug="provence", name="Provence", country="FR")
    munich = factories.make_cluster(
        name="Munich Bio",
        slug="munich-bio",
        region=bavaria,
        fields=[biotech],
        kind="cluster",
    )
    munich_ai = factories.make_cluster(
        name="Munich AI",
        slug="munich-ai",
        region=bavaria,
        fields=[ai],
        kind="initiative",
    )
    factories.make_cluster(
        name="Nice Bio", slug="nice-bio", region=provence, fields=[biotech]
    )
    draft = factories.make_cluster(
        name="Secret Draft Valley",
        slug="secret-draft-valley",
        region=bavaria,
        fields=[biotech],
        status="draft",
    )

    criterion = factories.make_criterion(key="high-tech-employment", unit="%")
    factories.make_assessment(
        munich,
        criterion,
        year=2018,
        value=7.3,
        source=factories.make_source(title="Eurostat", url="https://example.org/es"),
    )
    munich.sources.add(factories.make_source(url="https://example.org/bio-m"))
    factories.make_actor(munich, name="Technical University of Munich")
    QualityLabel.objects.create(
        cluster=munich,
        label=QualityLabel.Label.ESCA_GOLD,
        awarded=2020,
        source=factories.make_source(),
    )
    for partner in [munich_ai, draft]:
        Partnership.objects.create(
            cluster=munich,
            partner_cluster=partner,
            description="Joint projects",
            since=2015,
            source=factories.make_source(),
        )
    Partnership.objects.create(
        cluster=draft,
        partner_region=provence,
        description="Hidden",
        source=factories.make_source(),
    )

    measure = factories.make_measure(
        name="Leading-Edge Clusters", slug="leading-edge", country="DE", region=bavaria
    )
    measure.clusters.add(munich, draft)
    measure.fields.set([biotech])
    factories.make_measure(name="French networks", slug="french", country="FR")
    factories.make_country_profile(country="DE", innovation_context="Strong research.")
    return {"munich": munich, "draft": draft}


@pytest.mark.parametrize(
    "url",
    [
        "/api/",
        "/api/clusters/",
        "/api/clusters/munich-bio/",
        "/api/regions/",
        "/api/regions/bavaria/",
        "/api/countries/",
        "/api/countries/de/",
        "/api/fields/",
        "/api/fields/biotech/",
        "/api/measures/",
        "/api/measures/leading-edge/",
    ],
)
def test_every_endpoint_answers(client, portal, url):
    get_json(client, url)


def test_the_entry_point_lists_every_resource(client, portal):
    resources = get_json(client, "/api/")

    assert set(resources) >= {"clusters", "regions", "countries", "fields", "measures"}
    assert resources["clusters"] == "http://testserver/api/clusters/"


class TestClusters:
    def test_list_rows_carry_assessments_with_scores_and_sources(self, client, portal):
        rows = {
            row["slug"]: row for row in get_json(client, "/api/clusters/")["results"]
        }

        munich = rows["munich-bio"]
        assert munich["country"] == "DE"
        assert munich["country_name"] == "Germany"
        assert munich["region"] == {"slug": "bavaria", "name": "Bavaria"}
        assert munich["fields"] == ["biotech"]
        assert munich["url"] == "http://testserver/clusters/munich-bio/"
        assert munich["sources"][0]["url"] == "https://example.org/bio-m"
        [assessment] = munich["assessments"]
        assert assessment["criterion"] == "high-tech-employment"
        assert assessment["unit"] == "%"
        assert assessment["value"] == 7.3
        assert assessment["year"] == 2018
        stored = Assessment.objects.get(cluster__slug="munich-bio")
        assert stored.score is not None
        assert assessment["score"] == stored.score
        assert assessment["stars"] == stored.stars
        assert assessment["compared_with"] == stored.compared_with
        assert assessment["source"]["url"] == "https://example.org/es"
        assert rows["nice-bio"]["assessments"] == []

    def test_a_portrait_has_every_part(self, client, portal):
        cluster = get_json(client, "/api/clusters/munich-bio/")

        assert cluster["thematic_strengths"] == "Strong."
        assert cluster["actors"][0]["name"] == "Technical University of Munich"
        assert cluster["quality_labels"][0]["label"] == "esca-gold"
        assert cluster["measures"] == ["leading-edge"]
        assert cluster["assessments"][0]["criterion"] == "high-tech-employment"

    def test_partners_are_published_clusters_seen_both_ways(self, client, portal):
        munich = get_json(client, "/api/clusters/munich-bio/")
        munich_ai = get_json(client, "/api/clusters/munich-ai/")

        assert [p["partner_cluster"] for p in munich["partners"]] == ["munich-ai"]
        assert munich["partners"][0]["since"] == 2015
        assert [p["partner_cluster"] for p in munich_ai["partners"]] == ["munich-bio"]

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"country": "de"}, ["munich-ai", "munich-bio"]),
            ({"country": "FR"}, ["nice-bio"]),
            ({"field": "biotech"}, ["munich-bio", "nice-bio"]),
            ({"kind": "initiative"}, ["munich-ai"]),
            ({"region": "bavaria", "field": "ai"}, ["munich-ai"]),
            ({"sort": "-name"}, ["nice-bio", "munich-bio", "munich-ai"]),
            ({"colour": "blue"}, ["munich-ai", "munich-bio", "nice-bio"]),
        ],
    )
    def test_filters_work_like_the_page(self, client, portal, query, expected):
        page = client.get("/clusters/", query)
        page_slugs = [cluster.slug for cluster in page.context["filter"].qs]
        same_filter = ClusterFilter(query, queryset=Cluster.objects.published()).qs

        api_slugs = slugs(client, "/api/clusters/", query)

        if "sort" not in query:
            api_slugs = sorted(api_slugs)
            page_slugs = sorted(page_slugs)
        assert api_slugs == expected
        assert api_slugs == page_slugs
        assert set(api_slugs) == {cluster.slug for cluster in same_filter}

    def test_invalid_filters_answer_400_with_the_errors(self, client, portal):
        response = client.get("/api/clusters/", {"country": "XX", "kind": "volcano"})

        assert response.status_code == 400
        errors = json.loads(response.content)
        assert set(errors) == {"country", "kind"}
        assert "Select a valid choice" in errors["country"][0]


class TestDrafts:
    def test_never_listed(self, client, portal):
        content = client.get("/api/clusters/", {"page_size": 100}).content

        assert b"secret-draft-valley" not in content
        assert b"Secret Draft" not in content

    def test_not_found_at_their_address(self, client, portal):
        response = client.get("/api/clusters/secret-draft-valley/")

        assert response.status_code == 404
        assert b"Secret Draft" not in response.content

    @pytest.mark.parametrize(
        "url",
        [
            "/api/clusters/munich-bio/",
            "/api/clusters/",
            "/api/regions/",
            "/api/regions/bavaria/",
            "/api/regions/provence/",
            "/api/measures/",
            "/api/measures/leading-edge/",
            "/api/fields/biotech/",
            "/api/countries/de/",
        ],
    )
    def test_not_on_related_records(self, client, portal, url):
        content = client.get(url).content

        assert b"secret-draft-valley" not in content
        assert b"Hidden" not in content

    def test_not_counted(self, client, portal):
        germany = get_json(client, "/api/countries/de/")

        assert germany["cluster_count"] == 2


class TestOtherResources:
    def test_regions_filter_by_country_and_list_published_clusters(
        self, client, portal
    ):
        [bavaria] = get_json(client, "/api/regions/", {"country": "de"})["results"]

        assert bavaria["slug"] == "bavaria"
        assert bavaria["clusters"] == ["munich-ai", "munich-bio"]

    def test_countries_have_counts_and_profiles(self, client, portal):
        rows = {
            row["code"]: row for row in get_json(client, "/api/countries/")["results"]
        }

        assert rows["DE"]["name"] == "Germany"
        assert rows["DE"]["measure_count"] == 1
        assert rows["DE"]["profile"]["innovation_context"] == "Strong research."
        assert rows["DE"]["url"] == "http://testserver/countries/de/"
        assert rows["FR"]["cluster_count"] == 1
        assert rows["FR"]["profile"] is None

    @pytest.mark.parametrize("code", ["de", "DE", "De"])
    def test_a_country_is_found_by_its_iso_code_in_any_case(self, client, portal, code):
        assert get_json(client, f"/api/countries/{code}/")["code"] == "DE"

    @pytest.mark.parametrize("code", ["zz", "us", "deu", "<b>", "1"])
    def test_unknown_or_empty_countries_are_not_found(self, client, portal, code):
        assert client.get(f"/api/countries/{code}/").status_code == 404

    def test_fields_name_parent_and_children(self, client, portal):
        rows = {row["slug"]: row for row in get_json(client, "/api/fields/")["results"]}

        assert rows["ai"]["parent"] == "biotech"
        assert rows["biotech"]["children"] == ["ai"]
        assert rows["biotech"]["url"] == "http://testserver/fields/biotech/"

    def test_measures_list_published_clusters_and_filter_like_the_page(
        self, client, portal
    ):
        [measure] = get_json(client, "/api/measures/", {"country": "de"})["results"]

        assert measure["slug"] == "leading-edge"
        assert measure["clusters"] == ["munich-bio"]
        assert measure["region"] == "bavaria"
        assert slugs(
            client, "/api/measures/", {"kind": "funding", "field": "biotech"}
        ) == ["leading-edge"]

    @pytest.mark.parametrize(
        "url", ["/api/clusters/nope/", "/api/regions/nope/", "/api/fields/nope/"]
    )
    def test_unknown_slugs_are_not_found(self, client, portal, url):
        assert client.get(url).status_code == 404


class TestPagination:
    @pytest.fixture
    def many(self, db, settings):
        region = factories.make_region()
        for index in range(settings.PAGE_SIZE + 5):
            factories.make_cluster(name=f"Cluster {index:02}", region=region)

    def test_pages_hold_page_size_rows_and_link_onwards(self, client, many, settings):
        first = get_json(client, "/api/clusters/")
        second = get_json(client, first["next"])

        assert first["count"] == settings.PAGE_SIZE + 5
        assert len(first["results"]) == settings.PAGE_SIZE
        assert first["previous"] is None
        assert len(second["results"]) == 5
        assert second["next"] is None

    def test_clients_choose_the_page_size_up_to_the_maximum(
        self, client, many, settings
    ):
        assert len(get_json(client, "/api/clusters/", {"page_size": 3})["results"]) == 3
        settings_max = settings.API_MAX_PAGE_SIZE
        rows = get_json(client, "/api/clusters/", {"page_size": settings_max * 10})
        assert len(rows["results"]) == settings.PAGE_SIZE + 5

    def test_the_next_link_keeps_the_filters(self, client, many):
        first = get_json(client, "/api/clusters/", {"country": "DE", "page_size": 2})

        assert "country=DE" in first["next"]
        assert "page=2" in first["next"]

    @pytest.mark.parametrize("page", ["999", "0", "abc"])
    def test_a_page_out_of_range_is_not_found(self, client, many, page):
        assert client.get("/api/clusters/", {"page": page}).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/clusters/",
        "/api/clusters/munich-bio/",
        "/api/regions/bavaria/",
        "/api/countries/",
        "/api/countries/de/",
        "/api/fields/biotech/",
        "/api/measures/",
    ],
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, portal, url, method):
    response = getattr(client, method)(
        url, data='{"name": "Overwritten"}', content_type="application/json"
    )

    assert response.status_code == 405
    assert Cluster.objects.filter(name="Overwritten").count() == 0
    assert get_json(client, "/api/clusters/munich-bio/")["name"] == "Munich Bio"


@pytest.mark.parametrize(
    "url", ["/api/clusters/", "/api/measures/", "/api/regions/", "/api/fields/"]
)
@pytest.mark.parametrize(
    "query",
    [
        {"q": "<script>alert('x')</script>"},
        {"q": "x" * 100_000},
        {"q": "\x00"},
        {"country": "<b>DE</b>"},
        {"region": "' OR 1=1 --"},
        {"field": "../../etc/passwd"},
        {"kind": ["cluster", "initiative"]},
        {"sort": "password"},
        {"page": "<script>"},
        {"page_size": "-1"},
        {"page_size": "1e9"},
        {"format": "xml"},
        {"format": "api"},
    ],
)
def test_hostile_query_strings_never_break_the_api(client, portal, url, query):
    response = client.get(url, query)

    assert response.status_code in {200, 400, 404}
    assert b"<script>alert" not in response.content
