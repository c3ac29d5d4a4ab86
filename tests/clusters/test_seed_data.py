"""The shipped seed data set holds to the portal's rules: enough real portraits from
enough countries and continents, each complete, sourced and sensibly placed."""

import json
from collections import Counter

import pytest
from django.conf import settings

from clusters.indicators import import_indicators
from clusters.models import Assessment, Cluster
from clusters.seed import FIELDS_FILE, SEED_DIR, load_seed, region_files

BOUNDS = json.loads((settings.BASE_DIR / "data" / "country_bounds.json").read_text())
MARGIN = 1.0  # degrees: the shapes are simplified to 1:110m
SECTIONS = [
    "summary",
    "international_attractiveness",
    "thematic_strengths",
    "actors_and_networks",
    "developmental_dynamics",
]


def documents():
    return [json.loads(path.read_text()) for path in region_files(SEED_DIR)]


CLUSTERS = [cluster for document in documents() for cluster in document["clusters"]]
FIELD_SLUGS = {
    field["slug"] for field in json.loads((SEED_DIR / FIELDS_FILE).read_text())
}


def test_at_least_sixty_portraits_from_thirty_five_countries():
    assert len(CLUSTERS) >= 60
    assert len({cluster["country"] for cluster in CLUSTERS}) >= 35


def test_every_inhabited_continent_is_covered():
    continents = {
        BOUNDS[c["country"]]["continent"] for c in CLUSTERS if c["country"] in BOUNDS
    }
    countries = {cluster["country"] for cluster in CLUSTERS}

    assert {
        "Europe",
        "North America",
        "South America",
        "Asia",
        "Africa",
        "Oceania",
    } <= continents
    assert countries & {"JP", "KR", "CN"}, "East Asia"
    assert countries & {"IN"}, "South Asia"
    assert countries & {"IL", "AE", "SA"}, "Middle East"
    assert countries & {"MX", "BR", "AR", "CO", "CL"}, "Latin America"


def test_slugs_are_unique():
    slugs = Counter(cluster["slug"] for cluster in CLUSTERS)

    assert [slug for slug, count in slugs.items() if count > 1] == []


def test_taxonomy_has_fifteen_to_twenty_five_fields():
    assert 15 <= len(FIELD_SLUGS) <= 25


@pytest.mark.parametrize("cluster", CLUSTERS, ids=lambda cluster: cluster["slug"])
class TestEveryPortrait:
    def test_is_complete(self, cluster):
        for section in SECTIONS:
            assert len(cluster[section].strip()) >= 80, section
        assert cluster["kind"] in {"cluster", "initiative"}
        assert cluster["region"]["name"]
        assert cluster["last_verified"]

    def test_has_fields_from_the_taxonomy(self, cluster):
        assert 1 <= len(cluster["fields"]) <= 4
        assert set(cluster["fields"]) <= FIELD_SLUGS

    def test_names_at_least_three_actors(self, cluster):
        actors = cluster["actors"]

        assert len(actors) >= 3
        assert all(actor["name"] and actor["kind"] for actor in actors)

    def test_lists_at_least_two_sources(self, cluster):
        urls = {source["url"] for source in cluster["sources"]}

        assert len(urls) >= 2
        for source in cluster["sources"]:
            assert source["title"] and source["url"].startswith("http")
            assert source["accessed"]

    def test_lies_inside_its_country(self, cluster):
        bounds = BOUNDS.get(cluster["country"])
        if bounds is None:
            pytest.skip(f"{cluster['country']} is too small for the 1:110m shapes")
        west, south, east, north = bounds["bbox"]

        for place in (cluster, cluster["region"]):
            assert west - MARGIN <= place["longitude"] <= east + MARGIN
            assert south - MARGIN <= place["latitude"] <= north + MARGIN

    def test_european_and_us_regions_carry_their_statistical_code(self, cluster):
        if cluster["country"] == "US":
            assert len(cluster["region"]["cbsa"]) == 5
        if cluster["country"] in {"DE", "FR", "NL", "SE", "FI", "PL", "AT", "IT"}:
            assert cluster["region"]["nuts2"].startswith(cluster["country"])


@pytest.mark.django_db
def test_the_whole_data_set_loads_and_every_assessment_has_year_and_source():
    load_seed()
    import_indicators()

    published = Cluster.objects.published()
    assert published.count() == len(CLUSTERS)
    assert not Assessment.objects.filter(source__isnull=True).exists()
    assert not Assessment.objects.filter(year__isnull=True).exists()
    for cluster in published.filter(region__nuts2_code__gt="") | published.filter(
        region__cbsa_code__gt=""
    ):
        keys = set(cluster.assessments.values_list("criterion__key", flat=True))
        assert {"hightech-employment-share", "hightech-location-quotient"} <= keys, (
            cluster.slug
        )
    for cluster in published.exclude(region__country="TW"):
        assert cluster.sources.count() >= 2
        assert cluster.assessments.filter(criterion__key="national-rd-expenditure")
