"""Hostile and careless input: refused with a clear message, never a 500, nothing
typed lost, and whatever is shown is escaped."""

import pytest
from django.test import override_settings
from pytest_django.asserts import assertContains, assertNotContains

from cooperation.models import CooperationRequest, Reply, Subscription
from tests import factories
from tests.cache_backends import UNREACHABLE

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def tight_limits(settings):
    settings.COOPERATION_RATE_LIMITS = {
        "post": (2, 3600),
        "reply": (2, 3600),
        "subscribe": (2, 3600),
    }


def reply_data(**overrides):
    values = {
        "name": "Jean Dupont",
        "email": "jean@example.fr",
        "message": "We would like to talk.",
    }
    values.update(overrides)
    return values


class TestHoneypot:
    def test_a_filled_honeypot_refuses_the_post_and_keeps_the_text(
        self, client, mailoutbox
    ):
        data = factories.request_form_data(website="http://spam.example")

        response = client.post("/cooperation/new/", data)

        assert response.status_code == 200
        assertContains(response, "This looks like an automated submission.")
        assertContains(response, data["title"])
        assert not CooperationRequest.objects.exists()
        assert mailoutbox == []

    def test_a_filled_honeypot_refuses_a_reply(self, client, open_request):
        response = client.post(open_request.get_absolute_url(), reply_data(website="x"))

        assertContains(response, "This looks like an automated submission.")
        assert not Reply.objects.exists()

    def test_a_filled_honeypot_refuses_an_alert(self, client, field):
        response = client.post(
            "/cooperation/alerts/",
            {"email": "bot@example.com", "field": field.slug, "website": "x"},
        )

        assertContains(response, "This looks like an automated submission.")
        assert not Subscription.objects.exists()

    def test_the_honeypot_is_hidden_from_people(self, client, db):
        response = client.get("/cooperation/new/")

        assertContains(response, 'class="visually-hidden" aria-hidden="true"')
        assertContains(response, 'tabindex="-1" autocomplete="off"')


class TestRateLimits:
    def test_posting_is_limited_per_address_and_keeps_the_text(
        self, client, tight_limits, mailoutbox
    ):
        for index in range(2):
            response = client.post(
                "/cooperation/new/", factories.request_form_data(title=f"Post {index}")
            )
            assert response.status_code == 302

        data = factories.request_form_data(title="One post too many")
        response = client.post("/cooperation/new/", data)

        assert response.status_code == 429
        assertContains(response, "Please wait an hour", status_code=429)
        assertContains(response, "One post too many", status_code=429)
        assertContains(response, data["description"], status_code=429)
        assert CooperationRequest.objects.count() == 2

    def test_another_address_may_still_post(self, client, tight_limits):
        for _ in range(3):
            client.post("/cooperation/new/", factories.request_form_data())

        response = client.post(
            "/cooperation/new/",
            factories.request_form_data(),
            REMOTE_ADDR="203.0.113.7",
        )

        assert response.status_code == 302
        assert CooperationRequest.objects.count() == 3

    def test_an_ipv6_network_counts_as_one_address(self, client, tight_limits):
        for host in ["1", "2", "3"]:
            response = client.post(
                "/cooperation/new/",
                factories.request_form_data(),
                REMOTE_ADDR=f"2001:db8:1:2::{host}",
            )

        assert response.status_code == 429
        assert CooperationRequest.objects.count() == 2

    def test_forms_with_errors_do_not_use_up_the_limit(self, client, tight_limits):
        for _ in range(5):
            client.post("/cooperation/new/", factories.request_form_data(title=""))

        response = client.post("/cooperation/new/", factories.request_form_data())

        assert response.status_code == 302

    def test_replies_are_limited(self, client, open_request, tight_limits):
        for _ in range(2):
            client.post(open_request.get_absolute_url(), reply_data())

        response = client.post(
            open_request.get_absolute_url(), reply_data(message="The third one.")
        )

        assert response.status_code == 429
        assertContains(response, "Please wait an hour", status_code=429)
        assertContains(response, "The third one.", status_code=429)
        assert Reply.objects.count() == 2

    @override_settings(CACHES=UNREACHABLE)
    def test_while_the_limits_cannot_be_counted_posts_wait_and_keep_the_text(
        self, client, open_request, field, mailoutbox
    ):
        data = factories.request_form_data(title="Sent while the cache is down")
        posted = client.post("/cooperation/new/", data)
        replied = client.post(
            open_request.get_absolute_url(), reply_data(message="A reply meanwhile.")
        )
        subscribed = client.post(
            "/cooperation/alerts/", {"email": "late@example.com", "field": field.slug}
        )

        for response, typed in [
            (posted, "Sent while the cache is down"),
            (replied, "A reply meanwhile."),
            (subscribed, "late@example.com"),
        ]:
            assertContains(response, "a fault on our side", status_code=503)
            assertContains(response, typed, status_code=503)
        assert CooperationRequest.objects.count() == 1
        assert not Reply.objects.exists()
        assert not Subscription.objects.exists()
        assert not mailoutbox

    def test_alert_sign_ups_are_limited(self, client, field, tight_limits):
        for index in range(2):
            client.post(
                "/cooperation/alerts/",
                {"email": f"person{index}@example.com", "field": field.slug},
            )

        response = client.post(
            "/cooperation/alerts/",
            {"email": "third@example.com", "field": field.slug},
        )

        assert response.status_code == 429
        assertContains(response, "third@example.com", status_code=429)
        assert Subscription.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "x" * 100_000}, "at most 200 characters"),
        ({"description": "y" * 100_000}, "at most 5000 characters"),
        ({"description": "Too short."}, "at least 30 characters"),
        ({"title": "   "}, "This field is required."),
        ({"title": "Null\x00byte"}, "Null characters are not allowed."),
        ({"kind": "banana"}, "Select a valid choice"),
        ({"organisation_type": "alien"}, "Select a valid choice"),
        ({"country": "ZZ"}, "Select a valid choice"),
        ({"target_countries": ["FR", "XX"]}, "Select a valid choice"),
        ({"fields": ["no-such-field"]}, "Select a valid choice"),
        ({"clusters": ["999999"]}, "Select a valid choice"),
        ({"contact_email": "not-an-address"}, "Enter a valid email address."),
        ({"contact_email": "a@b.c\r\nBcc: x@y.z"}, "Enter a valid email address."),
        ({"expires": "tomorrow"}, "Enter a valid date."),
        ({"expires": "1999-01-01"}, "Choose a date from today on."),
        ({"expires": "2999-01-01"}, "at most a year"),
        ({"fields": [f"f{i}" for i in range(500)]}, "Choose at most 10 items."),
        ({"target_countries": ["FR"] * 31}, "Choose at most 30 countries."),
    ],
)
def test_bad_posts_get_a_clear_message_and_keep_the_rest(
    client, db, mailoutbox, overrides, message
):
    data = factories.request_form_data(**overrides)

    response = client.post("/cooperation/new/", data)

    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "Please correct the marked fields")
    assertContains(response, "Example Battery Institute")
    assert not CooperationRequest.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"message": "z" * 100_000}, "at most 5000 characters"),
        ({"message": ""}, "This field is required."),
        ({"email": "<b>@example"}, "Enter a valid email address."),
        ({"name": "n" * 1000}, "at most 200 characters"),
    ],
)
def test_bad_replies_get_a_clear_message(client, open_request, overrides, message):
    response = client.post(open_request.get_absolute_url(), reply_data(**overrides))

    assert response.status_code == 200
    assertContains(response, message)
    kept = "We would like to talk." if "name" in overrides else "Jean Dupont"
    assertContains(response, kept)
    assert not Reply.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "person@example.com"}, "Choose a technology field, a country"),
        ({"email": "person@example.com", "country": "XX"}, "Select a valid choice"),
        ({"email": "nobody", "country": "FR"}, "Enter a valid email address."),
    ],
)
def test_bad_alert_sign_ups_get_a_clear_message(client, db, data, message):
    response = client.post("/cooperation/alerts/", data)

    assert response.status_code == 200
    assertContains(response, message)
    assert not Subscription.objects.exists()


def test_hostile_text_is_shown_escaped_everywhere(client, field, cluster):
    cooperation_request = factories.make_cooperation_request(
        title=f"Title {SCRIPT}",
        organisation="<b>Bold Org</b>",
        description=(
            f"Visit https://evil.example/now and <a href='x'>click</a> {SCRIPT}"
        ),
        fields=[field],
    )

    for url in [
        "/",
        "/cooperation/",
        cooperation_request.get_absolute_url(),
        cooperation_request.get_manage_url(),
        cluster.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assertNotContains(response, SCRIPT)
        assertNotContains(response, "<b>Bold Org</b>")
        assertNotContains(response, 'href="https://evil.example')
        assertNotContains(response, "<a href='x'>")
    assertContains(
        client.get(cooperation_request.get_absolute_url()),
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;",
    )


def test_the_feed_escapes_hostile_text_for_feed_readers(client, db):
    factories.make_cooperation_request(description=f"Hello {SCRIPT}")

    content = client.get("/feeds/cooperation/").content.decode()

    # Summaries are HTML to feed readers: the markup arrives escaped twice, as text.
    assert "&amp;lt;script&amp;gt;" in content
    assert "<script>" not in content
    assert "&lt;script&gt;" not in content


def test_line_breaks_cannot_reach_mail_headers(client, mailoutbox, db):
    client.post(
        "/cooperation/new/",
        factories.request_form_data(
            title="Partner wanted\r\nBcc: victim@example.com", contact_name="A\nB"
        ),
    )

    cooperation_request = CooperationRequest.objects.get()
    assert cooperation_request.title == "Partner wanted Bcc: victim@example.com"
    (message,) = mailoutbox
    assert "\n" not in message.subject
    assert message.bcc == []


@pytest.mark.parametrize(
    "query",
    [
        {"q": SCRIPT},
        {"q": "x" * 100_000},
        {"q": "\x00"},
        {"country": "<b>DE</b>"},
        {"target": "' OR 1=1 --"},
        {"field": ["a", "b"]},
        {"page": "<script>"},
        {"colour": "blue"},
    ],
)
def test_hostile_query_strings_never_break_the_board(client, open_request, query):
    response = client.get("/cooperation/", query)

    assert response.status_code == 200
    assertNotContains(response, "<script>alert")


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused_politely(client, open_request, method):
    response = getattr(client, method)(open_request.get_absolute_url())

    assert response.status_code == 405
