"""The public board: what it lists, how it filters, and the page of one request."""

import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from cooperation.models import CooperationRequest
from tests import factories

pytestmark = pytest.mark.django_db

YESTERDAY = datetime.timedelta(days=-1)


def titles(client, query=None):
    response = client.get("/cooperation/", query or {})
    assert response.status_code == 200
    return sorted(item.title for item in response.context["cooperation_requests"])


def test_the_board_lists_only_published_unexpired_requests(client, db):
    factories.make_cooperation_request(title="Open search")
    factories.make_cooperation_request(
        title="Past its date", expires=timezone.localdate() + YESTERDAY
    )
    for status in ["unconfirmed", "pending", "closed", "expired", "rejected"]:
        factories.make_cooperation_request(title=f"A {status} one", status=status)

    assert titles(client) == ["Open search"]


def test_a_request_open_until_today_is_still_listed(client, db):
    factories.make_cooperation_request(title="Last day", expires=timezone.localdate())

    assert titles(client) == ["Last day"]


def test_the_board_shows_newest_first(client, db):
    now = timezone.now()
    for title, days_ago in [("Older", 3), ("Newest", 0), ("Middle", 1)]:
        factories.make_cooperation_request(
            title=title, published_at=now - datetime.timedelta(days=days_ago)
        )

    response = client.get("/cooperation/")

    assert [r.title for r in response.context["cooperation_requests"]] == [
        "Newest",
        "Middle",
        "Older",
    ]


class TestFilters:
    @pytest.fixture
    def requests(self, db):
        batteries = factories.make_field(slug="batteries", name="Batteries")
        health = factories.make_field(slug="health", name="Health")
        return [
            factories.make_cooperation_request(
                title="German battery search",
                kind="search",
                topic="research",
                country="DE",
                target_countries=["FR"],
                fields=[batteries],
            ),
            factories.make_cooperation_request(
                title="French health offer",
                kind="offer",
                topic="market_entry",
                country="FR",
                target_countries=["JP", "KR"],
                fields=[health],
                description="Hospitals in Lyon open their wards to medtech trials.",
            ),
            factories.make_cooperation_request(
                title="Japanese open offer",
                kind="offer",
                topic="investment",
                country="JP",
                target_countries=[],
                fields=[batteries, health],
            ),
        ]

    def test_by_kind_and_topic(self, client, requests):
        assert titles(client, {"kind": "offer"}) == [
            "French health offer",
            "Japanese open offer",
        ]
        assert titles(client, {"topic": "research"}) == ["German battery search"]

    def test_by_field(self, client, requests):
        assert titles(client, {"field": "batteries"}) == [
            "German battery search",
            "Japanese open offer",
        ]

    def test_by_poster_country_in_either_case(self, client, requests):
        assert titles(client, {"country": "fr"}) == ["French health offer"]

    def test_by_target_country_including_requests_open_to_anywhere(
        self, client, requests
    ):
        assert titles(client, {"target": "KR"}) == [
            "French health offer",
            "Japanese open offer",
        ]

    def test_by_text(self, client, requests):
        assert titles(client, {"q": "wards lyon"}) == ["French health offer"]

    def test_filters_combine(self, client, requests):
        assert titles(client, {"field": "health", "country": "JP"}) == [
            "Japanese open offer"
        ]

    def test_an_empty_result_says_so(self, client, requests):
        response = client.get("/cooperation/", {"q": "nothing-matches-this"})

        assertContains(response, "No open request matches these filters.")

    def test_unknown_values_get_a_clear_message(self, client, requests):
        response = client.get(
            "/cooperation/", {"kind": "volcano", "target": "XX", "field": "nope"}
        )

        assert response.status_code == 200
        assertContains(response, "Select a valid choice")
        assertContains(response, "Some filters are not valid.")

    def test_the_alert_link_carries_the_field_and_country(self, client, requests):
        response = client.get(
            "/cooperation/", {"field": "health", "country": "FR", "q": "x"}
        )

        assertContains(response, "/cooperation/alerts/?field=health&amp;country=FR")


def test_an_empty_board_says_so(client, db):
    assertContains(client.get("/cooperation/"), "There are no open requests")


def test_the_query_string_survives_pagination(client, db):
    for _ in range(25):
        factories.make_cooperation_request(kind="offer")

    response = client.get("/cooperation/", {"kind": "offer"})

    assertContains(response, "kind=offer&amp;page=2")
    assert len(client.get("/cooperation/", {"page": "2"}).context["object_list"]) == 5


@pytest.mark.parametrize("count", [3, 30])
def test_board_queries_do_not_grow_with_rows(
    client, db, django_assert_num_queries, count
):
    fields = [factories.make_field() for _ in range(3)]
    for index in range(count):
        factories.make_cooperation_request(fields=fields[: index % 3 + 1])

    # Count, page, fields of the page, fields for the filter.
    with django_assert_num_queries(4):
        client.get("/cooperation/")


class TestRequestPage:
    def test_shows_the_request_and_a_reply_form(self, client, open_request, cluster):
        response = client.get(open_request.get_absolute_url())

        for text in [
            "Joint research on enzyme engineering",
            "We look for a partner",
            "Example Institute",
            "Research institute",
            "France",
            "Biotechnology",
            "Munich Biotech",
            "Send reply",
        ]:
            assertContains(response, text)

    @pytest.mark.parametrize("status", ["unconfirmed", "pending", "rejected"])
    def test_unpublished_requests_are_not_found(self, client, db, status):
        cooperation_request = factories.make_cooperation_request(status=status)

        response = client.get(cooperation_request.get_absolute_url())

        assert response.status_code == 404

    def test_an_unknown_number_is_not_found(self, client, db):
        assert client.get("/cooperation/99999/").status_code == 404

    def test_an_expired_request_keeps_its_page_with_a_notice(self, client, db):
        cooperation_request = factories.make_cooperation_request(status="expired")

        response = client.get(cooperation_request.get_absolute_url())

        assertContains(response, "This request expired on")
        assertContains(response, '<meta name="robots" content="noindex">')
        assertNotContains(response, "Send reply")

    def test_a_request_past_its_date_shows_the_notice_before_the_command_ran(
        self, client, db
    ):
        cooperation_request = factories.make_cooperation_request(
            expires=timezone.localdate() + YESTERDAY
        )

        response = client.get(cooperation_request.get_absolute_url())

        assertContains(response, "This request expired on")
        assertNotContains(response, "Send reply")

    def test_an_expired_request_takes_no_reply(self, client, mailoutbox, db):
        cooperation_request = factories.make_cooperation_request(status="expired")

        response = client.post(
            cooperation_request.get_absolute_url(),
            {"name": "Late", "email": "late@example.net", "message": "Still there?"},
            follow=True,
        )

        assertContains(response, "no longer accepts replies")
        assert not cooperation_request.replies.exists()
        assert mailoutbox == []

    def test_unpublished_related_clusters_are_not_shown(self, client, draft):
        cooperation_request = factories.make_cooperation_request(clusters=[draft])

        assertNotContains(
            client.get(cooperation_request.get_absolute_url()), "Secret Draft Valley"
        )


def test_the_home_page_shows_the_newest_open_requests(client, db):
    factories.make_cooperation_request(title="Fresh on the board")
    factories.make_cooperation_request(title="Waiting for review", status="pending")

    response = client.get("/")

    assertContains(response, "Fresh on the board")
    assertNotContains(response, "Waiting for review")


def test_the_header_links_to_the_board(client, db):
    assertContains(client.get("/"), 'href="/cooperation/"')


def test_requests_are_counted_by_status_in_domain_words(db):
    soon = timezone.localdate() + datetime.timedelta(days=3)
    later = timezone.localdate() + datetime.timedelta(days=30)
    expiring = factories.make_cooperation_request(expires=soon)
    factories.make_cooperation_request(expires=later)
    factories.make_cooperation_request(status="pending", expires=soon)

    requests = CooperationRequest.objects
    assert list(requests.expiring_within(7)) == [expiring]
    assert requests.open_requests().count() == 2
    assert requests.published().count() == 2
    assert requests.pending().count() == 1
