"""Contact details never show in public, and the private links cannot be guessed."""

import secrets

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from cooperation import tokens
from cooperation.models import CooperationRequest
from tests import factories

pytestmark = pytest.mark.django_db

POSTER_ADDRESS = "hidden-poster@example.org"
REPLIER_ADDRESS = "hidden-replier@example.net"


@pytest.fixture
def private_request(field, cluster):
    cooperation_request = factories.make_cooperation_request(
        title="Looking for enzyme partners",
        contact_name="Hidden Person",
        contact_email=POSTER_ADDRESS,
        fields=[field],
        clusters=[cluster],
    )
    factories.make_reply(cooperation_request, email=REPLIER_ADDRESS)
    return cooperation_request


@pytest.fixture
def public_pages(private_request, cluster, field):
    return [
        "/",
        "/cooperation/",
        "/cooperation/?q=enzyme",
        private_request.get_absolute_url(),
        "/feeds/cooperation/",
        cluster.get_absolute_url(),
    ]


def test_no_contact_detail_appears_on_any_public_page_or_feed(
    client, private_request, public_pages
):
    for url in public_pages:
        response = client.get(url)

        assert response.status_code == 200, url
        assertContains(response, "Looking for enzyme partners")
        for secret in [
            POSTER_ADDRESS,
            REPLIER_ADDRESS,
            "Hidden Person",
            private_request.manage_token,
            private_request.token_digest,
        ]:
            assertNotContains(response, secret)


def test_the_feed_lists_only_open_requests(client, db):
    factories.make_cooperation_request(title="Open and listed")
    for status in ["unconfirmed", "pending", "closed", "expired", "rejected"]:
        factories.make_cooperation_request(title=f"Hidden {status}", status=status)

    response = client.get("/feeds/cooperation/")

    assert response["Content-Type"].startswith("application/atom+xml")
    assertContains(response, "Open and listed")
    assertNotContains(response, "Hidden")
    assertContains(response, "http://127.0.0.1:8000/cooperation/")


class TestTokens:
    def test_each_request_gets_its_own_long_token(self, db):
        first = factories.make_cooperation_request()
        second = factories.make_cooperation_request()

        assert first.manage_token != second.manage_token
        assert len(first.manage_token) >= 43

    def test_only_a_digest_of_the_token_is_stored(self, db):
        cooperation_request = factories.make_cooperation_request()

        stored = CooperationRequest.objects.filter(pk=cooperation_request.pk).values()
        assert cooperation_request.manage_token not in str(list(stored))

    @pytest.mark.parametrize(
        "guess",
        [
            secrets.token_hex(32),
            secrets.token_urlsafe(32),
            "0" * 64,
            "a",
            "x" * 5000,
            "..%2F..%2Fadmin",
        ],
    )
    def test_guessed_tokens_find_nothing(self, client, db, guess):
        factories.make_cooperation_request()

        assert client.get(f"/cooperation/manage/{guess}/").status_code == 404
        response = client.post(f"/cooperation/manage/{guess}/", {"action": "close"})
        assert response.status_code == 404
        assert CooperationRequest.objects.get().status == "published"

    def test_a_null_character_in_the_token_is_refused(self, client, db):
        factories.make_cooperation_request()

        assert client.get("/cooperation/manage/%00/").status_code == 400
        response = client.post("/cooperation/manage/%00/", {"action": "close"})
        assert response.status_code == 400
        assert CooperationRequest.objects.get().status == "published"

    def test_what_is_stored_is_no_key(self, client, db):
        cooperation_request = factories.make_cooperation_request()

        for stored in [cooperation_request.token_digest, cooperation_request.secret]:
            response = client.get(f"/cooperation/manage/{stored}/")
            assert response.status_code == 404

    def test_an_alert_token_opens_no_request(self, client, db):
        cooperation_request = factories.make_cooperation_request()
        # The same secret, used for the other purpose, must not work here.
        other_purpose = tokens.token_for(cooperation_request.secret, "subscription")

        assert client.get(f"/cooperation/manage/{other_purpose}/").status_code == 404

    def test_the_manage_page_is_private(self, client, db):
        cooperation_request = factories.make_cooperation_request()

        response = client.get(cooperation_request.get_manage_url())

        assert response["Referrer-Policy"] == "same-origin"
        assert "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex"
        assertContains(response, '<meta name="robots" content="noindex">')

    def test_manage_actions_need_the_csrf_token(self, db):
        cooperation_request = factories.make_cooperation_request()
        client = Client(enforce_csrf_checks=True)

        response = client.post(
            cooperation_request.get_manage_url(), {"action": "close"}
        )

        assert response.status_code == 403
        cooperation_request.refresh_from_db()
        assert cooperation_request.status == "published"
