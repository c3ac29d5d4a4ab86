"""Every mail the board sends, built from plain-text templates with links to
settings.SITE_URL, and one place that hands them to Django's mail backend."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


def one_line(text):
    """User text made safe for a subject line: no line breaks, bounded length."""
    return " ".join(str(text).split())[:150]


def build(template, subject, to, context, **kwargs):
    body = render_to_string(f"cooperation/mail/{template}.txt", context)
    return EmailMessage(subject=one_line(subject), body=body, to=[to], **kwargs)


def deliver(message, connection=None):
    """Send one message; return None on success, or what went wrong.

    Any failure of the mail service is caught here: the callers keep the data that
    the mail was about and decide whether to retry, roll back or report."""
    if connection is not None:
        message.connection = connection
    # Addresses stay out of the log; the subject says what the mail was about.
    try:
        message.send()
    except Exception as error:
        logger.exception("Mail %r failed", message.subject)
        return f"{type(error).__name__}: {error}"[:500]
    logger.info("Mail %r sent", message.subject)
    return None


def public_context(cooperation_request):
    return {
        "cooperation_request": cooperation_request,
        "public_url": absolute_url(cooperation_request.get_absolute_url()),
        "board_url": absolute_url(reverse("cooperation:request-list")),
    }


def poster_context(cooperation_request):
    """For mails to the poster only: these carry the private manage link."""
    context = public_context(cooperation_request)
    context["manage_url"] = absolute_url(cooperation_request.get_manage_url())
    return context


def confirmation(cooperation_request):
    return build(
        "confirm_request",
        _("Confirm your cooperation request: %(title)s")
        % {"title": cooperation_request.title},
        cooperation_request.contact_email,
        poster_context(cooperation_request),
    )


def published(cooperation_request):
    return build(
        "request_published",
        _("Your cooperation request is published: %(title)s")
        % {"title": cooperation_request.title},
        cooperation_request.contact_email,
        poster_context(cooperation_request),
    )


def rejected(cooperation_request):
    return build(
        "request_rejected",
        _("Your cooperation request was not published: %(title)s")
        % {"title": cooperation_request.title},
        cooperation_request.contact_email,
        poster_context(cooperation_request),
    )


def renewal_reminder(cooperation_request):
    return build(
        "renewal_reminder",
        _("Your cooperation request expires on %(date)s: %(title)s")
        % {
            "date": cooperation_request.expires.isoformat(),
            "title": cooperation_request.title,
        },
        cooperation_request.contact_email,
        poster_context(cooperation_request),
    )


def reply(reply):
    cooperation_request = reply.request
    context = poster_context(cooperation_request)
    context["reply"] = reply
    return build(
        "reply",
        _("Reply to your cooperation request: %(title)s")
        % {"title": cooperation_request.title},
        cooperation_request.contact_email,
        context,
        reply_to=[reply.email],
    )


def subscription_urls(subscription):
    return {
        "confirm_url": absolute_url(
            reverse("cooperation:subscription-confirm", args=[subscription.token])
        ),
        "unsubscribe_url": absolute_url(
            reverse("cooperation:subscription-unsubscribe", args=[subscription.token])
        ),
    }


def subscription_confirmation(subscription):
    return build(
        "confirm_subscription",
        _("Confirm your cooperation alert: %(topic)s")
        % {"topic": subscription.describe()},
        subscription.email,
        {"subscription": subscription, **subscription_urls(subscription)},
    )


def alert(cooperation_request, subscription):
    urls = subscription_urls(subscription)
    context = public_context(cooperation_request)
    context.update(subscription=subscription, **urls)
    # Mail programs offer their own one-click unsubscribe button with these headers.
    headers = {
        "List-Unsubscribe": f"<{urls['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return build(
        "alert",
        _("New cooperation request: %(title)s") % {"title": cooperation_request.title},
        subscription.email,
        context,
        headers=headers,
    )
