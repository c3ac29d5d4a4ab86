"""The whole life of a request, as its poster, an editor and a replier see it."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from cooperation.models import CooperationRequest, Reply
from tests import factories

pytestmark = pytest.mark.django_db

MANAGE_LINK = re.compile(r"http://127\.0\.0\.1:8000(/cooperation/manage/[\w-]+/)")


def manage_path(message):
    return MANAGE_LINK.search(message.body).group(1)


def approve(editor_client, cooperation_request):
    return editor_client.post(
        "/admin/cooperation/cooperationrequest/",
        {"action": "approve", "_selected_action": [cooperation_request.pk]},
    )


def test_a_request_lives_from_posting_to_closing(
    client, editor, field, cluster, mailoutbox
):
    editor_client = Client()
    editor_client.force_login(editor)
    factories.make_subscription(email="alerts@example.com", field=field)

    # Posted without an account: a confirmation link goes to the poster.
    response = client.post(
        "/cooperation/new/",
        factories.request_form_data(
            fields=[field.slug], target_countries=["FR", "IT"], clusters=[cluster.slug]
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/cooperation/new/sent/"
    cooperation_request = CooperationRequest.objects.get()
    assert cooperation_request.status == "unconfirmed"
    assert [field] == list(cooperation_request.fields.all())
    assert [cluster] == list(cooperation_request.clusters.all())
    assert [m.to for m in mailoutbox] == [["erika@example.org"]]
    manage = manage_path(mailoutbox[0])
    assertNotContains(client.get("/cooperation/"), "battery recycling")

    # Confirmed through the mailed link: it waits for an editor.
    assertContains(client.get(manage), "Confirm my address")
    client.post(manage, {"action": "confirm"})
    cooperation_request.refresh_from_db()
    assert cooperation_request.status == "pending"
    assert client.get(cooperation_request.get_absolute_url()).status_code == 404

    # Approved in admin: published, the poster told, subscribers alerted.
    approve(editor_client, cooperation_request)
    cooperation_request.refresh_from_db()
    assert cooperation_request.status == "published"
    assert cooperation_request.reviewed_by == editor
    assert {tuple(m.to) for m in mailoutbox[1:]} == {
        ("erika@example.org",),
        ("alerts@example.com",),
    }
    assertContains(client.get("/cooperation/"), "battery recycling")
    assertContains(client.get("/feeds/cooperation/"), "battery recycling")

    # A reply is stored and relayed, the replier's address as Reply-To.
    mailoutbox.clear()
    response = client.post(
        cooperation_request.get_absolute_url(),
        {
            "name": "Jean Dupont",
            "organisation": "Université Exemple",
            "email": "jean@example.fr",
            "message": "Our lab recycles cathode materials; shall we talk?",
        },
    )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.status == "sent"
    (relayed,) = mailoutbox
    assert relayed.to == ["erika@example.org"]
    assert relayed.reply_to == ["jean@example.fr"]
    assert "cathode materials" in relayed.body

    # A week before the end, one reminder with the renewal link.
    mailoutbox.clear()
    soon = timezone.localdate() + datetime.timedelta(days=5)
    CooperationRequest.objects.update(expires=soon)
    call_command("expire_requests")
    call_command("expire_requests")
    (reminder,) = mailoutbox
    assert manage_path(reminder) == manage

    client.post(manage, {"action": "renew"})
    cooperation_request.refresh_from_db()
    assert cooperation_request.expires == timezone.localdate() + datetime.timedelta(
        days=90
    )
    assert cooperation_request.reminder_sent_at is None

    # Past its date it leaves the board and the feed but keeps its page.
    CooperationRequest.objects.update(
        expires=timezone.localdate() - datetime.timedelta(days=1)
    )
    call_command("expire_requests")
    cooperation_request.refresh_from_db()
    assert cooperation_request.status == "expired"
    assertNotContains(client.get("/cooperation/"), "battery recycling")
    assertNotContains(client.get("/feeds/cooperation/"), "battery recycling")
    page = client.get(cooperation_request.get_absolute_url())
    assertContains(page, "This request expired on")
    assertNotContains(page, "Send reply")

    # Renewed, it is back; closed, it is gone for good.
    client.post(manage, {"action": "renew"})
    assertContains(client.get("/cooperation/"), "battery recycling")
    client.post(manage, {"action": "close"})
    cooperation_request.refresh_from_db()
    assert cooperation_request.status == "closed"
    assertNotContains(client.get("/cooperation/"), "battery recycling")
    assertContains(
        client.get(cooperation_request.get_absolute_url()), "closed by its poster"
    )
    assertContains(client.get(manage), "post a new request")


def test_the_confirmation_page_confirms_only_on_the_button(client, mailoutbox, db):
    client.post("/cooperation/new/", factories.request_form_data())
    manage = manage_path(mailoutbox[0])

    # Mail scanners open links; opening one must not confirm anything.
    client.get(manage)

    assert CooperationRequest.objects.get().status == "unconfirmed"


def test_the_poster_edits_and_an_edited_published_request_is_reviewed_again(
    client, field
):
    cooperation_request = factories.make_cooperation_request(fields=[field])
    edit_url = cooperation_request.get_manage_url() + "edit/"

    form = client.get(edit_url)
    assertContains(form, cooperation_request.title)
    assertNotContains(form, "contact_email")
    assert form.context["form"]["fields"].value() == [field.slug]

    response = client.post(
        edit_url,
        factories.request_form_data(title="A better title for our search"),
    )

    assert response.status_code == 302
    cooperation_request.refresh_from_db()
    assert cooperation_request.title == "A better title for our search"
    assert cooperation_request.status == "pending"
    assert cooperation_request.contact_email == "poster@example.org"
    assertNotContains(client.get("/cooperation/"), "A better title")


def test_renewing_never_shortens_a_request(client, db):
    later = timezone.localdate() + datetime.timedelta(days=200)
    cooperation_request = factories.make_cooperation_request(expires=later)

    client.post(cooperation_request.get_manage_url(), {"action": "renew"})

    cooperation_request.refresh_from_db()
    assert cooperation_request.expires == later


@pytest.mark.parametrize("status", ["closed", "rejected", "unconfirmed"])
def test_what_cannot_be_renewed_says_so(client, db, status):
    cooperation_request = factories.make_cooperation_request(status=status)

    response = client.post(
        cooperation_request.get_manage_url(), {"action": "renew"}, follow=True
    )

    assertContains(response, "This cannot be done while the request is")
    cooperation_request.refresh_from_db()
    assert cooperation_request.status == status


def test_closed_requests_cannot_be_edited(client, db):
    cooperation_request = factories.make_cooperation_request(status="closed")

    response = client.get(cooperation_request.get_manage_url() + "edit/", follow=True)

    assertContains(response, "can no longer be edited")


def test_an_unknown_manage_action_changes_nothing(client, db):
    cooperation_request = factories.make_cooperation_request()

    response = client.post(
        cooperation_request.get_manage_url(), {"action": "delete"}, follow=True
    )

    assertContains(response, "Unknown action")
    cooperation_request.refresh_from_db()
    assert cooperation_request.status == "published"


def test_a_rejected_poster_sees_the_reason(client, db):
    cooperation_request = factories.make_cooperation_request(
        status="rejected", rejection_reason="Advertising is not a cooperation request."
    )

    response = client.get(cooperation_request.get_manage_url())

    assertContains(response, "Advertising is not a cooperation request.")
    assertNotContains(response, "Renew")
