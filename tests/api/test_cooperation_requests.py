import datetime
import json

import pytest
from django.utils import timezone

from cooperation.filters import CooperationRequestFilter
from cooperation.models import CooperationRequest
from tests import factories

pytestmark = pytest.mark.django_db

HIDDEN_STATUSES = ["unconfirmed", "pending", "rejected", "closed", "expired"]


def get_json(client, url, query=None):
    response = client.get(url, query or {})
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def ids(client, query=None):
    rows = get_json(client, "/api/cooperation-requests/", query)["results"]
    return sorted(row["id"] for row in rows)


@pytest.fixture
def board(db):
    battery = factories.make_field(slug="batteries", name="Batteries")
    munich = factories.make_cluster(slug="munich-bio")
    draft = factories.make_cluster(slug="secret-draft-valley", status="draft")
    search = factories.make_cooperation_request(
        title="Partner wanted for battery recycling",
        kind="search",
        topic="research",
        country="DE",
        target_countries=["FR", "PL"],
        fields=[battery],
        clusters=[munich, draft],
        contact_name="Jana Poster",
        contact_email="jana@example.org",
    )
    offer = factories.make_cooperation_request(
        title="We offer pilot lines", kind="offer", topic="business", country="FR"
    )
    hidden = [
        factories.make_cooperation_request(title=f"Hidden {status}", status=status)
        for status in HIDDEN_STATUSES
    ]
    hidden.append(
        factories.make_cooperation_request(
            title="Hidden past expiry",
            expires=timezone.localdate() - datetime.timedelta(days=1),
        )
    )
    for cooperation_request in [search, offer, *hidden]:
        factories.make_reply(cooperation_request, email="replier@example.net")
    return {"search": search, "offer": offer, "hidden": hidden}


def test_open_requests_are_listed_with_their_public_facts(client, board):
    rows = get_json(client, "/api/cooperation-requests/")["results"]
    search = next(row for row in rows if row["id"] == board["search"].pk)

    assert search["title"] == "Partner wanted for battery recycling"
    assert search["kind"] == "search"
    assert search["topic"] == "research"
    assert search["country"] == "DE"
    assert search["target_countries"] == ["FR", "PL"]
    assert search["fields"] == ["batteries"]
    assert search["clusters"] == ["munich-bio"]
    assert search["url"] == f"http://testserver/cooperation/{board['search'].pk}/"
    assert search["expires"] == board["search"].expires.isoformat()


def test_one_open_request_answers_at_its_number(client, board):
    request = get_json(client, f"/api/cooperation-requests/{board['offer'].pk}/")

    assert request["title"] == "We offer pilot lines"


def test_requests_that_are_not_open_are_never_listed_nor_found(client, board):
    assert ids(client, {"page_size": 100}) == sorted(
        [board["search"].pk, board["offer"].pk]
    )
    for cooperation_request in board["hidden"]:
        url = f"/api/cooperation-requests/{cooperation_request.pk}/"
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "offer"},
        {"topic": "research"},
        {"field": "batteries"},
        {"country": "fr"},
        {"target": "PL"},
        {"target": "US"},
        {"q": "battery"},
    ],
)
def test_filters_work_like_the_board(client, board, query):
    page = client.get("/cooperation/", query)
    page_ids = sorted(request.pk for request in page.context["filter"].qs)
    same_filter = CooperationRequestFilter(
        query, queryset=CooperationRequest.objects.open_requests()
    )

    assert ids(client, query) == page_ids
    assert set(page_ids) == {request.pk for request in same_filter.qs}
    assert page_ids


def test_invalid_filters_answer_400(client, board):
    response = client.get("/api/cooperation-requests/", {"topic": "gossip"})

    assert response.status_code == 400
    assert "topic" in json.loads(response.content)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_requests_cannot_be_posted_or_changed_through_the_api(client, board, method):
    url = "/api/cooperation-requests/"
    if method != "post":
        url += f"{board['offer'].pk}/"

    response = getattr(client, method)(
        url, data='{"title": "Spam"}', content_type="application/json"
    )

    assert response.status_code == 405
    assert not CooperationRequest.objects.filter(title="Spam").exists()


@pytest.mark.parametrize("count", [3, 30])
def test_list_queries_do_not_grow_with_rows(
    client, db, django_assert_num_queries, count
):
    fields = [factories.make_field() for _ in range(3)]
    for _ in range(count):
        factories.make_cooperation_request(
            fields=fields, clusters=[factories.make_cluster()]
        )

    # Count, page, fields, published clusters.
    with django_assert_num_queries(4):
        response = client.get("/api/cooperation-requests/", {"page_size": 100})
    assert len(json.loads(response.content)["results"]) == count
