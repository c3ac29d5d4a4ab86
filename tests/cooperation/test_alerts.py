"""E-mail alerts: subscribe, confirm by button, be alerted on approval, stop with one
click."""

import re

import pytest
from django.test import Client
from pytest_django.asserts import assertContains

from cooperation.models import Subscription
from tests import factories

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://127\.0\.0\.1:8000(/cooperation/alerts/\w+/[\w-]+/)")


def approve(editor_client, cooperation_request):
    editor_client.post(
        "/admin/cooperation/cooperationrequest/",
        {"action": "approve", "_selected_action": [cooperation_request.pk]},
    )


def alert_recipients(mailoutbox):
    return sorted(
        message.to[0]
        for message in mailoutbox
        if message.subject.startswith("New cooperation request")
    )


def test_a_visitor_subscribes_and_confirms_with_a_button(client, field, mailoutbox):
    response = client.post(
        "/cooperation/alerts/",
        {"email": "reader@example.com", "field": field.slug, "country": "fr"},
        follow=True,
    )

    assertContains(response, "Almost done")
    subscription = Subscription.objects.get()
    assert subscription.country.code == "FR"
    (message,) = mailoutbox
    confirm = LINK.search(message.body).group(1)
    assert confirm.startswith("/cooperation/alerts/confirm/")

    # Opening the link (as mail scanners do) starts nothing; the button does.
    assertContains(client.get(confirm), "Yes, start my alert")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    client.post(confirm)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_subscribing_twice_keeps_one_alert(client, field, mailoutbox):
    data = {"email": "reader@example.com", "field": field.slug}
    client.post("/cooperation/alerts/", data)
    client.post("/cooperation/alerts/", {**data, "email": "READER@example.com"})

    assert Subscription.objects.count() == 1
    assert len(mailoutbox) == 2


def test_the_form_is_prefilled_from_the_board(client, field):
    response = client.get(
        "/cooperation/alerts/", {"field": field.slug, "country": "fr"}
    )

    form = response.context["form"]
    assert form["field"].value() == field.slug
    assert form["country"].value() == "FR"


class TestAlertsOnApproval:
    @pytest.fixture
    def subscriptions(self, field):
        other_field = factories.make_field(name="Aerospace")
        return {
            "field": factories.make_subscription(
                email="field@example.com", field=field
            ),
            "poster-country": factories.make_subscription(
                email="germany@example.com", country="DE"
            ),
            "target-country": factories.make_subscription(
                email="france@example.com", country="FR"
            ),
            "both": factories.make_subscription(
                email="both@example.com", field=field, country="FR"
            ),
            "other-field": factories.make_subscription(
                email="aero@example.com", field=other_field
            ),
            "other-country": factories.make_subscription(
                email="brazil@example.com", country="BR"
            ),
            "unconfirmed": factories.make_subscription(
                email="unconfirmed@example.com", field=field, confirmed_at=None
            ),
        }

    def test_matching_subscribers_are_alerted(
        self, editor_client, field, subscriptions, mailoutbox
    ):
        cooperation_request = factories.make_cooperation_request(
            status="pending", country="DE", target_countries=["FR"], fields=[field]
        )

        approve(editor_client, cooperation_request)

        assert alert_recipients(mailoutbox) == [
            "both@example.com",
            "field@example.com",
            "france@example.com",
            "germany@example.com",
        ]

    def test_a_request_open_to_anywhere_reaches_every_country(
        self, editor_client, subscriptions, mailoutbox
    ):
        cooperation_request = factories.make_cooperation_request(
            status="pending", country="DE", target_countries=[]
        )

        approve(editor_client, cooperation_request)

        assert alert_recipients(mailoutbox) == [
            "brazil@example.com",
            "france@example.com",
            "germany@example.com",
        ]

    def test_one_mail_per_address(self, editor_client, field, mailoutbox):
        factories.make_subscription(email="twice@example.com", field=field)
        factories.make_subscription(email="twice@example.com", country="DE")
        cooperation_request = factories.make_cooperation_request(
            status="pending", fields=[field]
        )

        approve(editor_client, cooperation_request)

        assert alert_recipients(mailoutbox) == ["twice@example.com"]

    def test_approving_again_after_an_edit_alerts_nobody_twice(
        self, editor_client, client, field, mailoutbox
    ):
        factories.make_subscription(email="reader@example.com", field=field)
        cooperation_request = factories.make_cooperation_request(
            status="pending", fields=[field]
        )
        approve(editor_client, cooperation_request)
        client.post(
            cooperation_request.get_manage_url() + "edit/",
            factories.request_form_data(fields=[field.slug]),
        )

        approve(editor_client, cooperation_request)

        assert alert_recipients(mailoutbox) == ["reader@example.com"]


def test_an_alert_mail_shows_no_private_detail_and_stops_with_one_click(
    editor_client, field, mailoutbox
):
    subscription = factories.make_subscription(email="reader@example.com", field=field)
    cooperation_request = factories.make_cooperation_request(
        status="pending",
        fields=[field],
        contact_email="hidden@example.org",
        contact_name="Hidden Person",
    )
    approve(editor_client, cooperation_request)
    (alert,) = [m for m in mailoutbox if m.to == ["reader@example.com"]]

    assert cooperation_request.get_absolute_url() in alert.body
    for private in ["hidden@example.org", "Hidden Person"]:
        assert private not in alert.body
    assert cooperation_request.manage_token not in alert.body
    unsubscribe = LINK.search(alert.body.split("Stop this alert")[1]).group(1)
    assert alert.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    response = Client().get(unsubscribe)

    assertContains(response, "You will receive no more mails")
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assertContains(Client().get(unsubscribe), "Nothing to stop", status_code=404)


def test_mail_programs_unsubscribe_with_a_post_without_csrf_token(field):
    subscription = factories.make_subscription(field=field)
    url = f"/cooperation/alerts/unsubscribe/{subscription.token}/"

    response = Client(enforce_csrf_checks=True).post(
        url, {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/cooperation/alerts/confirm/{guess}/",
        "/cooperation/alerts/unsubscribe/{guess}/",
    ],
)
def test_guessed_alert_links_do_nothing(client, field, path):
    subscription = factories.make_subscription(field=field, confirmed_at=None)
    url = path.format(guess=subscription.token_digest)

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
