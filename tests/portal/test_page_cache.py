"""Whole public pages shared from the cache: only with visitors who bring no state of
their own, never stale after a change, kept apart by language, and free of anything
that belongs to one visitor."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from cooperation.models import CooperationRequest
from portal import page_cache
from tests import factories

pytestmark = pytest.mark.django_db


def asks_the_database(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        # An export streams: its queries run as it is read.
        b"".join(response) if response.streaming else response.content
    return len(queries) > 0


SHARED_PAGES = [
    "/",
    "/clusters/",
    "/clusters/?country=DE&field=biotechnology",
    "/clusters/munich-biotech/",
    "/countries/",
    "/countries/DE/",
    "/regions/upper-bavaria/",
    "/fields/",
    "/fields/biotechnology/",
    "/measures/",
    "/methodology/",
    "/search/?q=munich",
    "/cooperation/",
]


@pytest.mark.parametrize("path", SHARED_PAGES)
def test_a_shared_page_is_served_again_without_asking_the_database(
    client, cluster, path, django_assert_num_queries
):
    first = client.get(path)

    with django_assert_num_queries(0):
        again = client.get(path)

    assert again.status_code == 200
    assert again.content == first.content


@pytest.mark.parametrize("path", SHARED_PAGES)
def test_a_shared_page_holds_nothing_of_one_visitor(client, cluster, path):
    response = client.get(path)

    assertNotContains(response, "csrfmiddlewaretoken")
    assert not response.cookies


def test_a_new_portrait_shows_on_the_shared_list_at_once(client, cluster):
    assertNotContains(client.get("/clusters/"), "Brand New Valley")

    factories.make_cluster(name="Brand New Valley")

    assertContains(client.get("/clusters/"), "Brand New Valley")


def test_a_closed_request_leaves_the_shared_board_at_once(client, db):
    cooperation_request = factories.make_cooperation_request(title="Partner wanted")
    assertContains(client.get("/cooperation/"), "Partner wanted")

    cooperation_request.status = CooperationRequest.Status.CLOSED
    cooperation_request.save()

    assertNotContains(client.get("/cooperation/"), "Partner wanted")


def test_shared_pages_are_kept_apart_by_language(client, cluster):
    assertContains(client.get("/clusters/"), '<html lang="en">')

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assertContains(client.get("/clusters/"), '<html lang="de">')

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assertContains(client.get("/clusters/"), '<html lang="en">')


def test_each_query_string_is_a_page_of_its_own(client, cluster):
    factories.make_cluster(
        name="Lyon Biotech", region=factories.make_region(country="FR")
    )
    assertContains(client.get("/clusters/"), "2 clusters found")

    assertContains(client.get("/clusters/?country=FR"), "1 cluster found")


def test_a_visitor_with_a_session_gets_a_page_rendered_for_them(client, cluster):
    client.get("/clusters/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-of-their-own"

    assert asks_the_database(client, "/clusters/")


def test_a_message_for_one_visitor_is_shown_to_nobody_else(cluster):
    adder, other = Client(), Client()
    adder.post("/compare/add/", {"c": "munich-biotech"})

    assertContains(adder.get("/clusters/"), "was added to the comparison")
    assertNotContains(other.get("/clusters/"), "was added to the comparison")
    assertNotContains(other.get("/clusters/"), "was added to the comparison")


def test_adding_to_the_comparison_needs_no_csrf_token(cluster):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/compare/add/", {"c": "munich-biotech"}, follow=True)

    assert response.status_code == 200
    assertContains(response, "Munich Biotech was added to the comparison.")


def test_other_forms_still_need_their_csrf_token(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/cooperation/new/", factories.request_form_data())

    assert response.status_code == 403
    assert not CooperationRequest.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/clusters/?format=csv",  # an export
        "/clusters/not-published/",  # an error
        "/compare/?c=munich-biotech",  # a page of the visitor's own choice
        "/cooperation/new/",  # a form with a CSRF token
    ],
)
def test_only_shared_html_pages_are_kept(client, cluster, path):
    factories.make_cluster(name="Not Published", status="draft")
    client.get(path)

    assert asks_the_database(client, path)


def test_another_worker_is_handed_the_page_from_the_cache_server(
    client, cluster, django_assert_num_queries
):
    first = client.get("/clusters/")
    # As a worker that has not served the page yet.
    page_cache.recent_pages.pages.clear()
    page_cache.recent_pages.size = 0

    with django_assert_num_queries(0):
        again = client.get("/clusters/")

    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_a_worker_keeps_its_latest_pages_within_its_budget():
    recent = page_cache.RecentPages(budget=10)
    recent.put("a", (b"1234", {}))
    recent.put("b", (b"1234", {}))
    recent.get("a")  # now the latest
    recent.put("c", (b"1234", {}))
    recent.put("huge", (b"x" * 11, {}))

    assert list(recent.pages) == ["a", "c"]
    assert recent.size == 8
