import json

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/clusters/",
    "/api/clusters/{slug}/",
    "/api/regions/",
    "/api/regions/{slug}/",
    "/api/countries/",
    "/api/countries/{code}/",
    "/api/fields/",
    "/api/fields/{slug}/",
    "/api/measures/",
    "/api/measures/{slug}/",
    "/api/cooperation-requests/",
    "/api/cooperation-requests/{id}/",
]


def test_the_schema_is_valid_openapi():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    validate_schema(schema)
    assert set(PATHS) <= set(schema["paths"])


def test_the_schema_generates_without_warnings(tmp_path):
    # A warning means a parameter or field is described by a guess: give the filter
    # a model path or a type hint, or the serializer field an explicit type.
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
    )

    schema = yaml.safe_load((tmp_path / "schema.yaml").read_text())
    assert set(PATHS) <= set(schema["paths"])


def test_the_schema_is_served_as_yaml_and_json(client):
    as_yaml = yaml.safe_load(client.get("/api/schema/").content)
    as_json = json.loads(client.get("/api/schema/", {"format": "json"}).content)

    assert as_yaml == as_json
    assert as_json["info"]["title"] == "Global Cluster Portal API"
    assert "CC BY 4.0" in as_json["info"]["description"]
    assert set(PATHS) <= set(as_json["paths"])


def test_the_schema_describes_the_page_filters_and_pagination(client):
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)

    parameters = {
        parameter["name"]
        for parameter in schema["paths"]["/api/clusters/"]["get"]["parameters"]
    }
    assert {"q", "country", "region", "field", "kind", "sort", "page", "page_size"} <= (
        parameters
    )


def test_the_schema_offers_reading_only(client):
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)

    methods = {method for path in schema["paths"].values() for method in path}
    assert methods == {"get"}


def test_the_documentation_page_loads_its_assets_from_this_site(client):
    response = client.get("/api/docs/")

    assertContains(response, "/static/drf_spectacular_sidecar/swagger-ui-dist/")
    assertContains(response, 'src="/api/docs/?script=')
    assertNotContains(response, "https://")
    assertNotContains(response, "http://")
    assertNotContains(response, "<style")


def test_the_documentation_script_points_to_the_schema(client):
    response = client.get("/api/docs/", {"script": ""})

    assert response["Content-Type"] == "application/javascript"
    assertContains(response, "/api/schema/")


def test_the_documentation_page_helps_readers_without_javascript(client):
    assertContains(client.get("/api/docs/"), '<a href="/api/schema/?format=json">')


def test_the_footer_links_the_api_documentation(client):
    assertContains(client.get("/"), 'href="/api/docs/"')
