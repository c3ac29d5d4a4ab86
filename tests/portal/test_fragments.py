"""Cached page fragments: kept until the content changes, never stale after a change,
per language, and never needed: pages render when the cache is down."""

import pytest
from django.conf import settings
from django.test import override_settings
from pytest_django.asserts import assertContains, assertNotContains

from clusters import filters
from clusters.models import Cluster
from cooperation.models import CooperationRequest
from portal import fragments
from tests import factories
from tests.cache_backends import UNREACHABLE

pytestmark = pytest.mark.django_db


def figure(response, label):
    content = response.content.decode()
    start = content.index(f"<dt>{label}</dt><dd>") + len(f"<dt>{label}</dt><dd>")
    return int(content[start : content.index("</dd>", start)])


def test_the_home_page_needs_no_query_once_its_fragments_are_cached(
    client, cluster, django_assert_num_queries
):
    client.get("/")

    # Figures, map, newest requests and the featured cards (with their region and
    # fields) all come from the cache.
    with django_assert_num_queries(0):
        client.get("/")


def test_a_new_portrait_shows_in_the_cached_figures_and_map_at_once(client, cluster):
    assert figure(client.get("/"), "Cluster portraits") == 1

    factories.make_cluster(name="Brand New Valley")

    response = client.get("/")
    assert figure(response, "Cluster portraits") == 2
    assertContains(response, "Brand New Valley</a>")


def test_withdrawing_a_portrait_updates_the_cached_home_page(client, cluster):
    assertContains(client.get("/"), "Munich Biotech")

    cluster.status = Cluster.Status.DRAFT
    cluster.save()

    response = client.get("/")
    assertNotContains(response, "Munich Biotech")
    assert figure(response, "Cluster portraits") == 0


def test_deleting_a_portrait_updates_the_cached_home_page(client, cluster):
    client.get("/")

    cluster.delete()

    assertContains(client.get("/"), "No portraits have been published yet.")


def test_tagging_a_portrait_updates_the_cached_field_count(client, cluster):
    assert figure(client.get("/"), "Technology fields") == 1

    cluster.fields.add(factories.make_field(name="Photonics"))

    assert figure(client.get("/"), "Technology fields") == 2


def test_a_newly_published_request_shows_on_the_cached_home_page(client, db):
    client.get("/")

    factories.make_cooperation_request(title="Partner for tidal turbines")

    assertContains(client.get("/"), "Partner for tidal turbines")


def test_closing_a_request_removes_it_from_the_cached_home_page(client, db):
    request = factories.make_cooperation_request(title="Partner for tidal turbines")
    assertContains(client.get("/"), "Partner for tidal turbines")

    request.status = CooperationRequest.Status.CLOSED
    request.save()

    assertNotContains(client.get("/"), "Partner for tidal turbines")


def test_replies_do_not_throw_the_fragments_away(cluster):
    request = factories.make_cooperation_request()
    version = fragments.content_version()

    factories.make_reply(request)

    assert fragments.content_version() == version


def test_cached_fragments_are_kept_per_language(client, cluster):
    assertContains(client.get("/"), "Newest cooperation requests")

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    response = client.get("/")

    assertContains(response, "Neueste Kooperationsanfragen")
    assertNotContains(response, "Newest cooperation requests")


def test_the_methodology_page_follows_a_renamed_criterion(client, db):
    criterion = factories.make_criterion(name="Patent intensity")
    assertContains(client.get("/methodology/"), "Patent intensity")

    criterion.name = "Patents per inhabitant"
    criterion.save()

    response = client.get("/methodology/")
    assertContains(response, "Patents per inhabitant")
    assertNotContains(response, "Patent intensity")


def test_the_filter_lists_a_new_field_at_once(client, cluster):
    client.get("/clusters/")

    factories.make_field(name="Quantum technology", slug="quantum")

    assertContains(client.get("/clusters/"), '<option value="quantum">')
    assertContains(client.get("/cooperation/"), '<option value="quantum">')
    assertContains(client.get("/measures/"), '<option value="quantum">')


def test_the_cluster_list_asks_only_for_its_rows_once_the_choices_are_cached(
    client, cluster, django_assert_num_queries
):
    # A visitor with a session of their own gets the page rendered, not shared.
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-of-their-own"
    client.get("/clusters/")

    # Count, page and the page's fields; the filter choices come from the cache.
    with django_assert_num_queries(3):
        client.get("/clusters/")


@override_settings(CACHES=UNREACHABLE)
def test_pages_render_uncached_when_the_cache_is_down(client, cluster, caplog):
    for path in ["/", "/clusters/", "/methodology/", "/cooperation/"]:
        assert client.get(path).status_code == 200

    assertContains(client.get("/"), "Munich Biotech")
    assert "cache is unavailable" in caplog.text


# The region filter ---------------------------------------------------------------


@pytest.fixture
def many_regions(db, monkeypatch):
    """More regions with portraits than the filter lists without a country."""
    monkeypatch.setattr(filters, "MAX_REGION_CHOICES", 2)
    for name, country in [("Bavaria", "DE"), ("Saxony", "DE"), ("Brittany", "FR")]:
        region = factories.make_region(name=name, slug=name.lower(), country=country)
        factories.make_cluster(region=region)


def region_options(response):
    content = response.content.decode()
    start = content.index('name="region"')
    select = content[start : content.index("</select>", start)]
    return [
        part.split('"')[1]
        for part in select.split("<option value=")[1:]
        if part.split('"')[1]
    ]


def test_a_few_regions_are_all_listed(client, cluster):
    assert region_options(client.get("/clusters/")) == ["upper-bavaria"]


def test_many_regions_are_listed_only_for_the_chosen_country(client, many_regions):
    response = client.get("/clusters/")
    assert region_options(response) == []
    assertContains(response, "choose a country to list them")

    assert region_options(client.get("/clusters/?country=de")) == [
        "bavaria",
        "saxony",
    ]


def test_a_region_chosen_by_link_stays_chosen_and_filters(client, many_regions):
    response = client.get("/clusters/?region=brittany")

    assert region_options(response) == ["brittany"]
    assertContains(response, '<option value="brittany" selected>')
    assertContains(response, "1 cluster found")


def test_an_unknown_region_is_refused_with_a_message(client, many_regions):
    response = client.get("/clusters/?region=atlantis")

    assert response.status_code == 200
    assert region_options(response) == []
    assertContains(response, "Select a valid choice")
