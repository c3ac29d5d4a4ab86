"""When the mail server fails, nothing anyone wrote is lost."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django.asserts import assertContains

from cooperation.models import CooperationRequest, Reply, Subscription
from tests import factories

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def post_reply(client, cooperation_request):
    return client.post(
        cooperation_request.get_absolute_url(),
        {
            "name": "Jean Dupont",
            "email": "jean@example.fr",
            "message": "Our lab recycles cathode materials.",
        },
        follow=True,
    )


def test_a_reply_that_cannot_be_mailed_is_queued_and_sent_later(
    client, open_request, failing_mail, settings, mailoutbox
):
    response = post_reply(client, open_request)

    assertContains(response, "Your reply is saved.")
    reply = Reply.objects.get()
    assert reply.status == "queued"
    assert reply.attempts == 1
    assert "SMTPServerDisconnected" in reply.last_error

    settings.EMAIL_BACKEND = LOCMEM
    call_command("send_queued_replies")

    reply.refresh_from_db()
    assert reply.status == "sent"
    assert reply.sent_at is not None
    (relayed,) = mailoutbox
    assert relayed.to == ["poster@example.org"]
    assert relayed.reply_to == ["jean@example.fr"]
    assert "cathode materials" in relayed.body


def test_a_sent_reply_is_not_sent_again(client, open_request, mailoutbox):
    post_reply(client, open_request)

    call_command("send_queued_replies")

    assert len(mailoutbox) == 1


def test_a_reply_that_keeps_failing_is_marked_for_the_editors(
    open_request, failing_mail, settings
):
    settings.COOPERATION_REPLY_MAX_ATTEMPTS = 3
    reply = factories.make_reply(open_request)

    for _ in range(5):
        call_command("send_queued_replies")

    reply.refresh_from_db()
    assert reply.status == "failed"
    assert reply.attempts == 3


def test_a_post_whose_confirmation_cannot_be_mailed_is_kept_in_the_form(
    client, db, failing_mail
):
    data = factories.request_form_data()

    response = client.post("/cooperation/new/", data)

    assert response.status_code == 503
    assertContains(response, "We could not send the confirmation mail", status_code=503)
    assertContains(response, data["description"], status_code=503)
    assert not CooperationRequest.objects.exists()


def test_an_alert_whose_confirmation_cannot_be_mailed_is_kept_in_the_form(
    client, field, failing_mail
):
    response = client.post(
        "/cooperation/alerts/", {"email": "person@example.com", "field": field.slug}
    )

    assert response.status_code == 503
    assertContains(response, "person@example.com", status_code=503)
    assert not Subscription.objects.exists()


def test_a_reminder_that_cannot_be_mailed_is_tried_again(db, settings, mailoutbox):
    soon = timezone.localdate() + datetime.timedelta(days=3)
    cooperation_request = factories.make_cooperation_request(expires=soon)
    settings.EMAIL_BACKEND = "tests.cooperation.mail_backends.FailingBackend"

    call_command("expire_requests")
    cooperation_request.refresh_from_db()
    assert cooperation_request.reminder_sent_at is None

    settings.EMAIL_BACKEND = LOCMEM
    call_command("expire_requests")
    cooperation_request.refresh_from_db()
    assert cooperation_request.reminder_sent_at is not None
    assert len(mailoutbox) == 1


def test_approval_publishes_even_if_the_mail_fails(editor_client, db, failing_mail):
    cooperation_request = factories.make_cooperation_request(status="pending")

    response = editor_client.post(
        "/admin/cooperation/cooperationrequest/",
        {"action": "approve", "_selected_action": [cooperation_request.pk]},
        follow=True,
    )

    cooperation_request.refresh_from_db()
    assert cooperation_request.status == "published"
    assertContains(response, "could not be sent")
