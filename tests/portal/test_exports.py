import csv
import io
import json

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from clusters.filters import ClusterFilter, SupportMeasureFilter
from clusters.models import Cluster, SupportMeasure
from cooperation.filters import CooperationRequestFilter
from cooperation.models import CooperationRequest
from tests import factories

pytestmark = pytest.mark.django_db

CLUSTER_COLUMNS = [
    "slug",
    "name",
    "kind",
    "country",
    "country_name",
    "region",
    "region_name",
    "latitude",
    "longitude",
    "founded",
    "website",
    "fields",
    "summary",
    "international_attractiveness",
    "thematic_strengths",
    "actors_and_networks",
    "developmental_dynamics",
    "url",
    "updated",
    "sources",
]
MEASURE_COLUMNS = [
    "slug",
    "name",
    "kind",
    "country",
    "country_name",
    "region",
    "start_year",
    "end_year",
    "website",
    "fields",
    "clusters",
    "description",
    "url",
    "updated",
    "sources",
]
REQUEST_COLUMNS = [
    "id",
    "kind",
    "topic",
    "title",
    "description",
    "organisation",
    "organisation_type",
    "country",
    "country_name",
    "target_countries",
    "fields",
    "clusters",
    "published",
    "expires",
    "url",
]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8"))))


def json_rows(response):
    return json.loads(body(response))


@pytest.fixture
def clusters(db):
    biotech = factories.make_field(slug="biotech", name="Biotech")
    ai = factories.make_field(slug="ai", name="AI")
    bavaria = factories.make_region(slug="bavaria", name="Bavaria", country="DE")
    provence = factories.make_region(slug="provence", country="FR")
    munich = factories.make_cluster(
        name="Munich Bio",
        slug="munich-bio",
        region=bavaria,
        fields=[biotech, ai],
        kind="cluster",
        founded=1997,
    )
    munich.sources.add(
        factories.make_source(title="A", url="https://example.org/bio-m"),
        factories.make_source(title="B", url="https://example.org/bioregio"),
    )
    factories.make_cluster(
        name="Munich AI",
        slug="munich-ai",
        region=bavaria,
        fields=[ai],
        kind="initiative",
    )
    factories.make_cluster(
        name="Nice Bio",
        slug="nice-bio",
        region=provence,
        fields=[biotech],
        kind="initiative",
    )
    factories.make_cluster(
        name="Hidden Draft", slug="hidden-draft", region=bavaria, status="draft"
    )


class TestClusterExport:
    def test_csv_has_the_documented_columns_and_an_attachment_name(
        self, client, clusters
    ):
        response = client.get("/clusters/", {"format": "csv"})

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith(
            'attachment; filename="clusters-'
        )
        assert response["Content-Disposition"].endswith('.csv"')
        header = body(response).decode().splitlines()[0]
        assert header.split(",") == CLUSTER_COLUMNS

    def test_csv_row_holds_the_portrait_and_its_sources(self, client, clusters):
        rows = {
            row["slug"]: row for row in csv_rows(client.get("/clusters/?format=csv"))
        }

        munich = rows["munich-bio"]
        assert munich["name"] == "Munich Bio"
        assert munich["kind"] == "cluster"
        assert munich["country"] == "DE"
        assert munich["country_name"] == "Germany"
        assert munich["region"] == "bavaria"
        assert munich["region_name"] == "Bavaria"
        assert munich["founded"] == "1997"
        assert munich["fields"] == "ai | biotech"
        assert (
            munich["sources"]
            == "https://example.org/bio-m | https://example.org/bioregio"
        )
        assert munich["url"] == "http://testserver/clusters/munich-bio/"
        assert rows["nice-bio"]["founded"] == ""

    def test_json_has_the_same_columns_with_lists_as_lists(self, client, clusters):
        response = client.get("/clusters/", {"format": "json"})

        assert response["Content-Type"] == "application/json"
        assert response["Content-Disposition"].endswith('.json"')
        rows = {row["slug"]: row for row in json_rows(response)}
        assert list(rows["munich-bio"]) == CLUSTER_COLUMNS
        assert rows["munich-bio"]["fields"] == ["ai", "biotech"]
        assert rows["munich-bio"]["sources"] == [
            "https://example.org/bio-m",
            "https://example.org/bioregio",
        ]
        assert rows["munich-bio"]["founded"] == 1997
        assert rows["nice-bio"]["founded"] is None

    def test_drafts_are_never_exported(self, client, clusters):
        for export_format in ["csv", "json"]:
            content = body(client.get("/clusters/", {"format": export_format}))
            assert b"hidden-draft" not in content
            assert b"Hidden Draft" not in content

    def test_an_empty_result_is_a_valid_empty_file(self, client, clusters):
        assert json_rows(client.get("/clusters/?format=json&q=nothing-matches")) == []
        response = client.get("/clusters/?format=csv&q=nothing-matches")
        assert body(response).decode().splitlines() == [",".join(CLUSTER_COLUMNS)]

    def test_every_page_is_exported_not_only_the_first(self, client, db, settings):
        region = factories.make_region(country="FR")
        for _ in range(settings.PAGE_SIZE + 5):
            factories.make_cluster(region=region)

        assert len(csv_rows(client.get("/clusters/?format=csv&page=2"))) == 25
        assert len(json_rows(client.get("/clusters/?format=json"))) == 25

    @pytest.mark.parametrize(
        "query",
        [
            {},
            {"country": "de"},
            {"country": "FR"},
            {"field": "biotech"},
            {"kind": "initiative"},
            {"region": "bavaria", "kind": "initiative"},
            {"field": "ai", "country": "DE"},
            {"q": "nice"},
            {"sort": "-name"},
        ],
    )
    def test_export_holds_exactly_the_rows_of_the_filtered_page(
        self, client, clusters, query
    ):
        page = client.get("/clusters/", query)
        expected = [cluster.slug for cluster in page.context["filter"].qs]
        same_filter = ClusterFilter(query, queryset=Cluster.objects.published()).qs

        exported_csv = csv_rows(client.get("/clusters/", {**query, "format": "csv"}))
        exported_json = json_rows(client.get("/clusters/", {**query, "format": "json"}))

        assert [row["slug"] for row in exported_csv] == expected
        assert [row["slug"] for row in exported_json] == expected
        assert set(expected) == {cluster.slug for cluster in same_filter}

    def test_export_follows_the_sort_order_of_the_page(self, client, clusters):
        rows = json_rows(client.get("/clusters/", {"sort": "-name", "format": "json"}))

        assert [row["name"] for row in rows] == ["Nice Bio", "Munich Bio", "Munich AI"]

    @pytest.mark.parametrize("export_format", ["csv", "json"])
    def test_invalid_filters_answer_400_with_the_errors_not_a_full_dump(
        self, client, clusters, export_format
    ):
        response = client.get(
            "/clusters/", {"country": "XX", "kind": "volcano", "format": export_format}
        )

        assert response.status_code == 400
        assert "attachment" not in response.get("Content-Disposition", "")
        content = body(response).decode()
        assert "Select a valid choice" in content
        assert "munich-bio" not in content
        if export_format == "json":
            errors = json.loads(content)["errors"]
            assert set(errors) == {"country", "kind"}
        else:
            assert content.splitlines()[0] == "parameter,error"

    @pytest.mark.parametrize("export_format", ["xml", "", "CSV", "csv,json", "<b>"])
    def test_unknown_formats_render_the_page(self, client, clusters, export_format):
        response = client.get("/clusters/", {"format": export_format})

        assert response.status_code == 200
        assertContains(response, "Munich Bio")
        assert "Content-Disposition" not in response

    def test_unknown_parameters_are_ignored(self, client, clusters):
        rows = json_rows(client.get("/clusters/", {"format": "json", "colour": "red"}))

        assert len(rows) == 3

    @pytest.mark.parametrize("export_format", ["csv", "json"])
    def test_text_is_written_as_utf8(self, client, db, export_format):
        factories.make_cluster(name="Médicen Paris Région")

        content = body(client.get("/clusters/", {"format": export_format}))

        assert "Médicen Paris Région".encode() in content

    def test_spreadsheet_formulas_are_defused_in_csv(self, client, db):
        factories.make_cluster(slug="formula", name="=HYPERLINK(1)", summary="+1")

        row = csv_rows(client.get("/clusters/?format=csv"))[0]

        assert row["name"] == "'=HYPERLINK(1)"
        assert row["summary"] == "'+1"


class TestExportLinks:
    def test_list_pages_link_both_downloads_keeping_the_filters(self, client, clusters):
        response = client.get(
            "/clusters/", {"country": "DE", "kind": "cluster", "page": 1}
        )

        assertContains(response, 'href="?country=DE&amp;kind=cluster&amp;format=csv"')
        assertContains(response, 'href="?country=DE&amp;kind=cluster&amp;format=json"')
        assertContains(response, "Download CSV")
        assertContains(response, "Download JSON")

    def test_an_unfiltered_list_links_the_whole_export(self, client, clusters):
        assertContains(client.get("/measures/"), 'href="?format=csv"')

    def test_no_download_links_while_filters_are_invalid(self, client, clusters):
        response = client.get("/clusters/", {"country": "XX"})

        assertNotContains(response, "format=csv")

    def test_the_links_replace_a_stray_format_value(self, client, clusters):
        response = client.get("/clusters/", {"format": "xml", "kind": "cluster"})

        assertContains(response, 'href="?kind=cluster&amp;format=csv"')
        assertContains(response, 'href="?kind=cluster&amp;format=json"')


@pytest.fixture
def measures(db):
    biotech = factories.make_field(slug="biotech")
    region = factories.make_region(slug="bavaria", country="DE")
    published = factories.make_cluster(slug="munich-bio")
    draft = factories.make_cluster(slug="secret-draft", status="draft")
    leading_edge = factories.make_measure(
        name="Leading-Edge Clusters",
        slug="leading-edge",
        country="DE",
        region=region,
        kind=SupportMeasure.Kind.FUNDING,
        start_year=2007,
        end_year=2017,
    )
    leading_edge.fields.set([biotech])
    leading_edge.clusters.add(published, draft)
    leading_edge.sources.add(factories.make_source(url="https://example.org/bmbf"))
    factories.make_measure(
        name="French networks", slug="french", country="FR", kind="networking"
    )


class TestMeasureExport:
    def test_csv_has_the_documented_columns(self, client, measures):
        response = client.get("/measures/", {"format": "csv"})

        assert response["Content-Disposition"].startswith(
            'attachment; filename="measures-'
        )
        rows = {row["slug"]: row for row in csv_rows(response)}
        assert list(rows["leading-edge"]) == MEASURE_COLUMNS
        assert rows["leading-edge"]["region"] == "bavaria"
        assert rows["leading-edge"]["fields"] == "biotech"
        assert rows["leading-edge"]["sources"] == "https://example.org/bmbf"
        assert rows["french"]["region"] == ""

    def test_supported_clusters_are_published_ones_only(self, client, measures):
        rows = {
            row["slug"]: row for row in json_rows(client.get("/measures/?format=json"))
        }

        assert rows["leading-edge"]["clusters"] == ["munich-bio"]
        assert rows["leading-edge"]["start_year"] == 2007

    @pytest.mark.parametrize(
        "query", [{}, {"country": "fr"}, {"kind": "funding"}, {"field": "biotech"}]
    )
    def test_export_holds_exactly_the_rows_of_the_filtered_page(
        self, client, measures, query
    ):
        page = client.get("/measures/", query)
        expected = [measure.slug for measure in page.context["filter"].qs]
        same_filter = SupportMeasureFilter(query, queryset=SupportMeasure.objects.all())

        exported = json_rows(client.get("/measures/", {**query, "format": "json"}))

        assert [row["slug"] for row in exported] == expected
        assert set(expected) == {measure.slug for measure in same_filter.qs}

    def test_invalid_filters_answer_400(self, client, measures):
        response = client.get("/measures/", {"kind": "volcano", "format": "csv"})

        assert response.status_code == 400
        assert b"kind" in body(response)


@pytest.fixture
def board(db):
    batteries = factories.make_field(slug="batteries")
    published = factories.make_cluster(slug="munich-bio")
    draft = factories.make_cluster(slug="secret-draft", status="draft")
    factories.make_cooperation_request(
        title="Battery recycling partner",
        kind="search",
        country="DE",
        target_countries=["PL", "FR"],
        fields=[batteries],
        clusters=[published, draft],
    )
    factories.make_cooperation_request(title="Pilot lines", kind="offer", country="FR")
    for status in ["unconfirmed", "pending", "rejected", "closed", "expired"]:
        factories.make_cooperation_request(title=f"Hidden {status}", status=status)


class TestCooperationExport:
    def test_csv_has_the_documented_columns_and_public_facts_only(self, client, board):
        response = client.get("/cooperation/", {"format": "csv"})

        assert response["Content-Disposition"].startswith(
            'attachment; filename="cooperation-requests-'
        )
        rows = {row["title"]: row for row in csv_rows(response)}
        assert set(rows) == {"Battery recycling partner", "Pilot lines"}
        battery = rows["Battery recycling partner"]
        assert list(battery) == REQUEST_COLUMNS
        assert battery["target_countries"] == "FR | PL"
        assert battery["fields"] == "batteries"
        assert battery["clusters"] == "munich-bio"
        assert battery["url"] == f"http://testserver/cooperation/{battery['id']}/"

    @pytest.mark.parametrize(
        "query",
        [
            {},
            {"kind": "offer"},
            {"country": "de"},
            {"field": "batteries"},
            {"target": "PL"},
        ],
    )
    def test_export_holds_exactly_the_rows_of_the_board(self, client, board, query):
        page = client.get("/cooperation/", query)
        expected = [request.pk for request in page.context["filter"].qs]
        same_filter = CooperationRequestFilter(
            query, queryset=CooperationRequest.objects.open_requests()
        )

        exported = json_rows(client.get("/cooperation/", {**query, "format": "json"}))

        assert [row["id"] for row in exported] == expected
        assert set(expected) == {request.pk for request in same_filter.qs}

    def test_the_board_links_both_downloads(self, client, board):
        response = client.get("/cooperation/", {"kind": "offer"})

        assertContains(response, 'href="?kind=offer&amp;format=csv"')
        assertContains(response, 'href="?kind=offer&amp;format=json"')

    def test_invalid_filters_answer_400(self, client, board):
        response = client.get("/cooperation/", {"topic": "gossip", "format": "json"})

        assert response.status_code == 400
        assert "topic" in json.loads(body(response))["errors"]


@pytest.mark.parametrize("url", ["/clusters/", "/measures/", "/cooperation/"])
@pytest.mark.parametrize("export_format", ["csv", "json"])
@pytest.mark.parametrize(
    "query",
    [
        {"q": "<script>alert('x')</script>"},
        {"q": "x" * 100_000},
        {"q": "\x00"},
        {"country": "<b>DE</b>"},
        {"region": "' OR 1=1 --"},
        {"field": "../../etc/passwd"},
        {"sort": "password"},
        {"page": "<script>"},
    ],
)
def test_hostile_query_strings_never_break_an_export(
    client, db, url, export_format, query
):
    factories.make_cluster()
    factories.make_measure()

    response = client.get(url, {**query, "format": export_format})

    assert response.status_code in {200, 400}
    assert b"<script>alert" not in body(response)


def test_exports_carry_no_private_data(client, db, django_user_model):
    django_user_model.objects.create_user(
        "editor", "editor@example.org", "a-long-password", is_staff=True
    )
    cluster = factories.make_cluster()
    factories.make_actor(cluster)
    factories.make_measure().clusters.add(cluster)

    for url in ["/clusters/", "/measures/"]:
        for export_format in ["csv", "json"]:
            content = body(client.get(url, {"format": export_format}))
            assert b"@" not in content
            assert b"password" not in content


def build_rows(count):
    fields = [factories.make_field() for _ in range(3)]
    for index in range(count):
        cluster = factories.make_cluster(fields=fields[: index % 3 + 1])
        cluster.sources.add(factories.make_source(), factories.make_source())
        measure = factories.make_measure(region=cluster.region)
        measure.fields.set(fields[: index % 3 + 1])
        measure.clusters.add(cluster)
        measure.sources.add(factories.make_source())


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("export_format", ["csv", "json"])
def test_cluster_export_queries_do_not_grow_with_rows(
    client, db, django_assert_num_queries, count, export_format
):
    build_rows(count)

    # Clusters with their regions, their fields, their sources.
    with django_assert_num_queries(3):
        rows = body(client.get("/clusters/", {"format": export_format}))
    assert rows.count(b"example.org/source") == 2 * count


@pytest.mark.parametrize("count", [3, 30])
def test_measure_export_queries_do_not_grow_with_rows(
    client, db, django_assert_num_queries, count
):
    build_rows(count)

    # Measures with their regions, their fields, sources and published clusters.
    with django_assert_num_queries(4):
        rows = json_rows(client.get("/measures/", {"format": "json"}))
    assert len(rows) == count


@pytest.mark.parametrize("count", [3, 30])
def test_cooperation_export_queries_do_not_grow_with_rows(
    client, db, django_assert_num_queries, count
):
    fields = [factories.make_field() for _ in range(3)]
    for _ in range(count):
        factories.make_cooperation_request(
            fields=fields, clusters=[factories.make_cluster()]
        )

    # Requests, their fields, their published clusters.
    with django_assert_num_queries(3):
        rows = json_rows(client.get("/cooperation/", {"format": "json"}))
    assert len(rows) == count
