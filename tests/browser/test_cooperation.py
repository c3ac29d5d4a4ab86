"""A request's whole way through the board: posted without an account, confirmed from
the mail, approved by an editor in admin, answered by another visitor."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from cooperation.models import CooperationRequest

pytestmark = pytest.mark.browser

TITLE = "Partner wanted for battery recycling research"
MANAGE_PATH = re.compile(r"/cooperation/manage/[^/\s]+/")


@pytest.fixture(autouse=True)
def mail_in_memory(settings):
    # The live server runs in this process, so its mails land in mail.outbox.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


def post_request(page):
    page.goto("/cooperation/new/")
    page.get_by_label("Kind").select_option("search")
    page.get_by_label("Topic").select_option("research")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description").fill(
        "Our institute looks for a university partner to research the recycling "
        "of lithium-ion batteries."
    )
    page.get_by_role("group", name="Technology fields").get_by_label(
        "Biotechnology"
    ).check()
    page.get_by_role("textbox", name="Organisation", exact=True).fill(
        "Example Battery Institute"
    )
    page.get_by_label("Type of organisation").select_option("research_institute")
    page.get_by_label("Your organisation's country").select_option("DE")
    page.get_by_label("Your name").fill("Erika Example")
    page.get_by_label("Your e-mail address").fill("erika@example.org")
    expires = timezone.localdate() + datetime.timedelta(days=60)
    page.get_by_label("Show until").fill(expires.isoformat())
    page.get_by_role("button", name="Send for confirmation").click()


def test_a_request_is_posted_confirmed_approved_and_answered(page, editor_page, world):
    post_request(page)
    expect(page).to_have_url(re.compile(r"/cooperation/new/sent/$"))
    assert [message.to for message in mail.outbox] == [["erika@example.org"]]

    manage_path = MANAGE_PATH.search(mail.outbox[0].body).group()
    page.goto(manage_path)
    page.get_by_role("button", name="Confirm my address and send for review").click()
    expect(page.locator(".messages")).to_contain_text("your address is confirmed")

    editor_page.goto("/admin/cooperation/cooperationrequest/?status__exact=pending")
    editor_page.get_by_role("row").filter(has_text=TITLE).get_by_role(
        "checkbox"
    ).check()
    editor_page.get_by_role("combobox", name="Action").select_option(
        label="Approve and publish selected requests"
    )
    editor_page.get_by_role("button", name="Go").click()
    expect(editor_page.locator(".messagelist")).to_contain_text("1 request published")
    posted = CooperationRequest.objects.get(title=TITLE)
    assert posted.status == CooperationRequest.Status.PUBLISHED

    page.goto("/cooperation/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Your name").fill("Max Mustermann")
    page.get_by_role("textbox", name="Organisation", exact=True).fill(
        "Example University"
    )
    page.get_by_label("Your e-mail address").fill("max@example.net")
    page.get_by_label("Message").fill("We research battery recycling too; let us talk.")
    page.get_by_role("button", name="Send reply").click()

    expect(page.locator(".messages")).to_contain_text(
        "Your reply has been sent to the poster."
    )
    _confirmation, published, relayed = mail.outbox
    assert "is published" in published.subject
    assert published.to == relayed.to == ["erika@example.org"]
    assert "let us talk" in relayed.body
    assert posted.replies.get().email == "max@example.net"
