"""The life of a request: posting, confirmation, review, replies, renewal, expiry,
and the alerts to subscribers. Views, admin and commands call these."""

import datetime
import logging

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import mail
from .models import CooperationRequest, Reply, Subscription, latest_allowed_expiry

logger = logging.getLogger(__name__)

Status = CooperationRequest.Status


@transaction.atomic
def submit_request(form):
    """Save a posted request and mail the confirmation link; None if the mail could
    not be sent, in which case nothing is kept and the poster may try again."""
    cooperation_request = form.save()

    error = mail.deliver(mail.confirmation(cooperation_request))
    if error:
        transaction.set_rollback(True)
        return None
    logger.info("Request %s posted, awaiting confirmation", cooperation_request.pk)
    return cooperation_request


def confirm_request(cooperation_request):
    if cooperation_request.status != Status.UNCONFIRMED:
        return False
    cooperation_request.status = Status.PENDING
    cooperation_request.confirmed_at = timezone.now()
    cooperation_request.save(update_fields=["status", "confirmed_at", "updated"])
    logger.info("Request %s confirmed, awaiting review", cooperation_request.pk)
    return True


def save_edit(form):
    """Save the poster's changes; a published request goes back to review, so that
    what the public sees has always been read by an editor."""
    cooperation_request = form.save(commit=False)
    if cooperation_request.status == Status.PUBLISHED:
        cooperation_request.status = Status.PENDING
    cooperation_request.save()
    form.save_m2m()
    logger.info("Request %s edited by its poster", cooperation_request.pk)
    return cooperation_request


def close_request(cooperation_request):
    if not cooperation_request.is_closable:
        return False
    cooperation_request.status = Status.CLOSED
    cooperation_request.closed_at = timezone.now()
    cooperation_request.save(update_fields=["status", "closed_at", "updated"])
    logger.info("Request %s closed by its poster", cooperation_request.pk)
    return True


def renew_request(cooperation_request):
    """Extend the request by the usual period from today (never shortening it), and
    bring an expired one back to the board."""
    if not cooperation_request.is_renewable:
        return False
    renewed_until = timezone.localdate() + datetime.timedelta(
        days=settings.COOPERATION_EXPIRY_DAYS
    )
    cooperation_request.expires = min(
        max(cooperation_request.expires, renewed_until), latest_allowed_expiry()
    )
    cooperation_request.reminder_sent_at = None
    if cooperation_request.status == Status.EXPIRED:
        cooperation_request.status = Status.PUBLISHED
        cooperation_request.closed_at = None
    cooperation_request.save(
        update_fields=[
            "expires",
            "reminder_sent_at",
            "status",
            "closed_at",
            "updated",
        ]
    )
    logger.info(
        "Request %s renewed until %s",
        cooperation_request.pk,
        cooperation_request.expires,
    )
    return True


class ReviewOutcome:
    def __init__(self):
        self.changed = 0
        self.skipped = 0
        self.mail_failures = 0
        self.alerts_sent = 0


def approve_requests(queryset, editor):
    """Publish the pending requests among `queryset`, tell their posters, and alert
    subscribers about those published for the first time."""
    outcome = ReviewOutcome()
    today = timezone.localdate()
    for cooperation_request in queryset.pending().prefetch_related("fields"):
        if cooperation_request.expires < today:
            outcome.skipped += 1
            continue

        now = timezone.now()
        cooperation_request.status = Status.PUBLISHED
        cooperation_request.published_at = cooperation_request.published_at or now
        cooperation_request.reviewed_by = editor
        cooperation_request.reviewed_at = now
        cooperation_request.save()
        outcome.changed += 1

        if mail.deliver(mail.published(cooperation_request)):
            outcome.mail_failures += 1
        if cooperation_request.alerts_sent_at is None:
            outcome.alerts_sent += send_alerts(cooperation_request)
            cooperation_request.alerts_sent_at = timezone.now()
            cooperation_request.save(update_fields=["alerts_sent_at"])
    logger.info("%s published %d requests", editor, outcome.changed)
    return outcome


def reject_requests(queryset, editor, reason):
    """Reject pending or published requests and mail the reason to their posters."""
    outcome = ReviewOutcome()
    candidates = queryset.filter(status__in=[Status.PENDING, Status.PUBLISHED])
    for cooperation_request in candidates:
        cooperation_request.status = Status.REJECTED
        cooperation_request.rejection_reason = reason
        cooperation_request.reviewed_by = editor
        cooperation_request.reviewed_at = timezone.now()
        cooperation_request.save()
        outcome.changed += 1

        if mail.deliver(mail.rejected(cooperation_request)):
            outcome.mail_failures += 1
    logger.info("%s rejected %d requests", editor, outcome.changed)
    return outcome


def send_alerts(cooperation_request):
    """Mail every matching subscriber once about a newly published request; returns
    how many mails went out."""
    subscriptions = Subscription.objects.matching(cooperation_request).select_related(
        "field"
    )
    # One mail per address, even if several of its alerts match.
    by_address = {}
    for subscription in subscriptions.order_by("created"):
        by_address.setdefault(subscription.email.lower(), subscription)
    if not by_address:
        return 0

    sent = 0
    try:
        with get_connection() as connection:
            for subscription in by_address.values():
                message = mail.alert(cooperation_request, subscription)
                if mail.deliver(message, connection) is None:
                    sent += 1
    except Exception:
        logger.exception("Mail connection for alerts failed")
    logger.info(
        "Alerts for request %s: %d of %d sent",
        cooperation_request.pk,
        sent,
        len(by_address),
    )
    return sent


def save_reply(form, cooperation_request):
    reply = form.save(commit=False)
    reply.request = cooperation_request
    reply.save()
    logger.info("Reply %s to request %s stored", reply.pk, cooperation_request.pk)
    return reply


def deliver_reply(reply):
    """Relay a stored reply to the poster; True once it is sent. A failure leaves it
    queued for `send_queued_replies`, until it has failed too often."""
    # Claim this attempt, so that two workers never send the same reply twice.
    claimed = Reply.objects.filter(
        pk=reply.pk, status=Reply.Status.QUEUED, attempts=reply.attempts
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        return False
    reply.attempts += 1

    error = mail.deliver(mail.reply(reply))
    if error is None:
        reply.status = Reply.Status.SENT
        reply.sent_at = timezone.now()
        reply.last_error = ""
    else:
        reply.last_error = error
        if reply.attempts >= settings.COOPERATION_REPLY_MAX_ATTEMPTS:
            reply.status = Reply.Status.FAILED
            logger.error("Reply %s gave up after %d attempts", reply.pk, reply.attempts)
    reply.save(update_fields=["status", "sent_at", "last_error"])
    return error is None


def send_queued_replies():
    """Retry every queued reply, oldest first; returns (sent, not sent)."""
    sent = failed = 0
    queued = Reply.objects.queued().select_related("request").order_by("created")
    for reply in queued:
        if deliver_reply(reply):
            sent += 1
        else:
            failed += 1
    return sent, failed


def expire_requests():
    """Mark published requests past their expiry date as expired."""
    count = CooperationRequest.objects.past_expiry().update(
        status=Status.EXPIRED, closed_at=timezone.now(), updated=timezone.now()
    )
    logger.info("%d requests expired", count)
    return count


def send_renewal_reminders():
    """Mail the renewal link once to every request that expires within the reminder
    period; returns how many went out."""
    sent = 0
    due = CooperationRequest.objects.due_for_reminder(
        settings.COOPERATION_REMINDER_DAYS
    )
    for cooperation_request in due:
        # Claimed before sending, so that overlapping runs remind only once.
        claimed = CooperationRequest.objects.filter(
            pk=cooperation_request.pk, reminder_sent_at__isnull=True
        ).update(reminder_sent_at=timezone.now())
        if not claimed:
            continue
        if mail.deliver(mail.renewal_reminder(cooperation_request)):
            # Not sent: release the claim so that the next run tries again.
            CooperationRequest.objects.filter(pk=cooperation_request.pk).update(
                reminder_sent_at=None
            )
            continue
        sent += 1
    logger.info("%d renewal reminders sent", sent)
    return sent


def purge_unconfirmed():
    """Forget posts and alerts whose address was never confirmed: nobody asked for
    them to be kept, and they hold personal data."""
    days = settings.COOPERATION_UNCONFIRMED_DAYS
    _, deleted = CooperationRequest.objects.unconfirmed_since(days).delete()
    requests = deleted.get(CooperationRequest._meta.label, 0)
    _, deleted = Subscription.objects.unconfirmed_since(days).delete()
    subscriptions = deleted.get(Subscription._meta.label, 0)
    logger.info(
        "Purged %d unconfirmed requests and %d unconfirmed alerts",
        requests,
        subscriptions,
    )
    return requests, subscriptions


@transaction.atomic
def subscribe(form):
    """Save an alert (or find the same one) and mail its confirmation link; None if
    the mail could not be sent, in which case nothing is kept."""
    data = form.cleaned_data
    subscription = Subscription.objects.filter(
        email__iexact=data["email"], field=data["field"], country=data["country"] or ""
    ).first()
    if subscription is None:
        subscription = form.save()

    if mail.deliver(mail.subscription_confirmation(subscription)):
        transaction.set_rollback(True)
        return None
    return subscription


def confirm_subscription(subscription):
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
        logger.info("Alert %s confirmed", subscription.pk)


def unsubscribe(subscription):
    logger.info("Alert %s cancelled", subscription.pk)
    subscription.delete()
