"""The daily `expire_requests` run: one reminder, then expiry; unconfirmed posts and
alerts are forgotten."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cooperation.models import CooperationRequest, Subscription
from tests import factories

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def run_daily_command():
    call_command("expire_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_reminder_goes_out_once_a_week_before(mailoutbox):
    due = factories.make_cooperation_request(
        expires=in_days(7), contact_email="due@example.org"
    )
    factories.make_cooperation_request(
        expires=in_days(8), contact_email="later@example.org"
    )
    factories.make_cooperation_request(
        status="pending", expires=in_days(2), contact_email="pending@example.org"
    )

    run_daily_command()
    run_daily_command()

    assert [message.to for message in mailoutbox] == [["due@example.org"]]
    assert due.get_manage_url() in mailoutbox[0].body
    assert "expires on" in mailoutbox[0].subject


def test_renewing_rearms_the_reminder_for_the_next_period(client, mailoutbox):
    cooperation_request = factories.make_cooperation_request(expires=in_days(3))
    run_daily_command()

    client.post(cooperation_request.get_manage_url(), {"action": "renew"})
    CooperationRequest.objects.update(expires=in_days(3))
    run_daily_command()

    assert len(mailoutbox) == 2


def test_requests_past_their_date_are_expired(db):
    past = factories.make_cooperation_request(expires=in_days(-1))
    today = factories.make_cooperation_request(expires=in_days(0))
    pending = factories.make_cooperation_request(status="pending", expires=in_days(-5))

    run_daily_command()

    for cooperation_request, status in [
        (past, "expired"),
        (today, "published"),
        (pending, "pending"),
    ]:
        cooperation_request.refresh_from_db()
        assert cooperation_request.status == status


def test_unconfirmed_posts_and_alerts_are_forgotten_after_a_week(db, field):
    old = timezone.now() - datetime.timedelta(days=8)
    factories.make_cooperation_request(status="unconfirmed", created=old)
    recent = factories.make_cooperation_request(status="unconfirmed")
    factories.make_subscription(field=field, confirmed_at=None, created=old)
    confirmed = factories.make_subscription(field=field, created=old)

    run_daily_command()

    assert list(CooperationRequest.objects.all()) == [recent]
    assert list(Subscription.objects.all()) == [confirmed]


def test_the_command_reports_what_it_did(db, capsys):
    factories.make_cooperation_request(expires=in_days(-1))

    call_command("expire_requests")

    output = capsys.readouterr().out
    assert "0 renewal reminders sent" in output
    assert "1 requests expired." in output
