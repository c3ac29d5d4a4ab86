"""The editors' desk for the board: review, reasons, replies, alerts."""

import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/cooperation/cooperationrequest/"


def test_editors_may_review_requests_and_read_replies(editor):
    for permission in [
        "cooperation.view_cooperationrequest",
        "cooperation.change_cooperationrequest",
        "cooperation.delete_cooperationrequest",
        "cooperation.view_reply",
        "cooperation.change_reply",
        "cooperation.view_subscription",
        "cooperation.delete_subscription",
    ]:
        assert editor.has_perm(permission), permission


@pytest.mark.parametrize("page", ["cooperationrequest", "reply", "subscription"])
def test_every_model_has_a_working_admin_list(editor_client, open_request, page):
    factories.make_reply(open_request)
    factories.make_subscription(country="FR")

    response = editor_client.get(f"/admin/cooperation/{page}/", {"q": "example"})

    assert response.status_code == 200


def test_the_request_change_page_shows_the_replies(editor_client, open_request):
    factories.make_reply(open_request, name="Jean Dupont")

    response = editor_client.get(f"{CHANGELIST}{open_request.pk}/change/")

    assertContains(response, "Jean Dupont")


def test_the_list_filters_by_status(editor_client, db):
    factories.make_cooperation_request(title="Waiting one", status="pending")
    factories.make_cooperation_request(title="Live one")

    response = editor_client.get(CHANGELIST, {"status__exact": "pending"})

    assertContains(response, "Waiting one")
    assertNotContains(response, "Live one")


def test_requests_come_only_from_the_public_form(editor_client, db):
    assert editor_client.get(f"{CHANGELIST}add/").status_code == 403


def test_replies_are_read_only(editor_client, open_request):
    reply = factories.make_reply(open_request, message="Original words.")

    assert editor_client.get("/admin/cooperation/reply/add/").status_code == 403
    editor_client.post(
        f"/admin/cooperation/reply/{reply.pk}/change/", {"message": "Changed words."}
    )

    reply.refresh_from_db()
    assert reply.message == "Original words."


class TestRejection:
    @pytest.fixture
    def pending(self, db):
        return factories.make_cooperation_request(
            status="pending", contact_email="poster@example.org"
        )

    def test_asks_for_a_reason_first(self, editor_client, pending, mailoutbox):
        response = editor_client.post(
            CHANGELIST, {"action": "reject", "_selected_action": [pending.pk]}
        )

        assertContains(response, "Reason, mailed to the poster")
        pending.refresh_from_db()
        assert pending.status == "pending"
        assert mailoutbox == []

    def test_without_a_reason_nothing_happens(self, editor_client, pending):
        response = editor_client.post(
            CHANGELIST,
            {
                "action": "reject",
                "_selected_action": [pending.pk],
                "apply": "1",
                "reason": "",
            },
        )

        assertContains(response, "This field is required.")
        pending.refresh_from_db()
        assert pending.status == "pending"

    def test_mails_the_reason_to_the_poster(self, editor_client, pending, mailoutbox):
        editor_client.post(
            CHANGELIST,
            {
                "action": "reject",
                "_selected_action": [pending.pk],
                "apply": "1",
                "reason": "Please describe what kind of partner you seek.",
            },
        )

        pending.refresh_from_db()
        assert pending.status == "rejected"
        assert pending.rejection_reason.startswith("Please describe")
        (message,) = mailoutbox
        assert message.to == ["poster@example.org"]
        assert "Please describe what kind of partner you seek." in message.body


def test_approving_in_bulk_publishes_only_pending_requests(editor_client, db):
    pending = [factories.make_cooperation_request(status="pending") for _ in range(3)]
    unconfirmed = factories.make_cooperation_request(status="unconfirmed")

    response = editor_client.post(
        CHANGELIST,
        {
            "action": "approve",
            "_selected_action": [r.pk for r in [*pending, unconfirmed]],
        },
        follow=True,
    )

    assertContains(response, "3 requests published")
    for cooperation_request in pending:
        cooperation_request.refresh_from_db()
        assert cooperation_request.status == "published"
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == "unconfirmed"


def test_a_request_past_its_date_is_not_published(editor_client, db):
    stale = factories.make_cooperation_request(
        status="pending", expires=timezone.localdate() - datetime.timedelta(days=1)
    )

    response = editor_client.post(
        CHANGELIST, {"action": "approve", "_selected_action": [stale.pk]}, follow=True
    )

    assertContains(response, "expiry date has passed")
    stale.refresh_from_db()
    assert stale.status == "pending"


def test_a_failed_reply_can_be_sent_again(editor_client, open_request, mailoutbox):
    reply = factories.make_reply(open_request, status="failed", attempts=10)

    editor_client.post(
        "/admin/cooperation/reply/",
        {"action": "send_again", "_selected_action": [reply.pk]},
    )

    reply.refresh_from_db()
    assert reply.status == "sent"
    assert len(mailoutbox) == 1
