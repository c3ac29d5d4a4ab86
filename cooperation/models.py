"""The cooperation board: requests for partners, the replies to them, and e-mail
alerts about new requests."""

import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from clusters.models import Cluster, TechnologyField

from . import tokens

DESCRIPTION_MAX_LENGTH = 5000
MESSAGE_MAX_LENGTH = 5000


def default_expiry():
    return timezone.localdate() + datetime.timedelta(
        days=settings.COOPERATION_EXPIRY_DAYS
    )


def latest_allowed_expiry():
    return timezone.localdate() + datetime.timedelta(
        days=settings.COOPERATION_MAX_EXPIRY_DAYS
    )


class TaggedRequest(TaggedItemBase):
    content_object = models.ForeignKey("CooperationRequest", on_delete=models.CASCADE)
    tag = models.ForeignKey(
        TechnologyField, on_delete=models.CASCADE, related_name="tagged_requests"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_request_field"
            )
        ]


class CooperationRequestQuerySet(models.QuerySet):
    def unconfirmed(self):
        return self.filter(status=CooperationRequest.Status.UNCONFIRMED)

    def pending(self):
        return self.filter(status=CooperationRequest.Status.PENDING)

    def published(self):
        return self.filter(status=CooperationRequest.Status.PUBLISHED)

    def open_requests(self):
        """Published and not past their expiry date: what the board and feeds show."""
        return self.published().filter(expires__gte=timezone.localdate())

    def past_expiry(self):
        """Still marked published, though their expiry date has passed."""
        return self.published().filter(expires__lt=timezone.localdate())

    def expiring_within(self, days):
        today = timezone.localdate()
        return self.open_requests().filter(
            expires__lte=today + datetime.timedelta(days=days)
        )

    def due_for_reminder(self, days):
        return self.expiring_within(days).filter(reminder_sent_at__isnull=True)

    def publicly_visible(self):
        """Requests that have a public page: open ones, and closed or expired ones,
        which keep their address with a notice."""
        return self.filter(
            status__in=[
                CooperationRequest.Status.PUBLISHED,
                CooperationRequest.Status.CLOSED,
                CooperationRequest.Status.EXPIRED,
            ]
        )

    def unconfirmed_since(self, days):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        return self.unconfirmed().filter(created__lt=cutoff)

    def with_field(self, field):
        return self.filter(fields=field)

    def in_any_field(self, fields):
        # EXISTS rather than a join: no duplicates to remove, so PostgreSQL can walk
        # the newest requests first and stop at the first few that match.
        return self.filter(
            Exists(
                TaggedRequest.objects.filter(
                    content_object=OuterRef("pk"), tag__in=fields
                )
            )
        )

    def from_country(self, code):
        return self.filter(country=code.upper())

    def seeking_partners_in(self, code):
        """Requests naming the country as a target, or naming no target at all (open
        to partners anywhere)."""
        return self.filter(
            Q(target_countries__contains=code.upper()) | Q(target_countries="")
        )

    def newest(self):
        return self.order_by("-published_at", "-pk")

    def for_cards(self):
        return self.prefetch_related("fields")


class CooperationRequestManager(
    models.Manager.from_queryset(CooperationRequestQuerySet)
):
    def get_queryset(self):
        # Only the database reads the stored search vector.
        return super().get_queryset().defer("search_vector")


class CooperationRequest(models.Model):
    """A post on the cooperation board: an organisation offers or seeks cooperation."""

    class Kind(models.TextChoices):
        # The context keeps these apart from the search action, worded differently
        # in other languages (German: "Gesuch", not "Suche").
        OFFER = "offer", pgettext_lazy("cooperation request kind", "Offer")
        SEARCH = "search", pgettext_lazy("cooperation request kind", "Search")

    class Topic(models.TextChoices):
        RESEARCH = "research", _("Research and development")
        EDUCATION = "education", _("Education and training")
        BUSINESS = "business", _("Business partnership")
        MARKET_ENTRY = "market_entry", _("Market entry")
        INVESTMENT = "investment", _("Investment")
        OTHER = "other", _("Other")

    class OrganisationType(models.TextChoices):
        UNIVERSITY = "university", _("University")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        COMPANY = "company", _("Company")
        CLUSTER_MANAGEMENT = "cluster_management", _("Cluster management")
        PUBLIC_AGENCY = "public_agency", _("Public agency")
        NETWORK = "network", _("Network or association")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail address not yet confirmed")
        PENDING = "pending", _("Awaiting review")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        EXPIRED = "expired", _("Expired")
        REJECTED = "rejected", _("Rejected")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    fields = TaggableManager(
        verbose_name=_("technology fields"),
        through=TaggedRequest,
        related_name="cooperation_requests",
        blank=True,
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=30, choices=OrganisationType.choices
    )
    country = CountryField(_("country"), db_index=True)
    target_countries = CountryField(
        _("target countries"),
        multiple=True,
        blank=True,
        help_text=_("Where partners are sought. None means anywhere."),
    )
    clusters = models.ManyToManyField(
        Cluster,
        verbose_name=_("related clusters"),
        blank=True,
        related_name="cooperation_requests",
    )
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"), max_length=254)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.UNCONFIRMED,
        db_index=True,
    )
    expires = models.DateField(_("expires"), default=default_expiry)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("address confirmed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    rejection_reason = models.TextField(
        _("reason for rejection"),
        max_length=2000,
        blank=True,
        help_text=_("Mailed to the poster."),
    )
    alerts_sent_at = models.DateTimeField(_("alerts sent"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        _("renewal reminder sent"), null=True, blank=True
    )
    secret = models.CharField(max_length=64, default=tokens.new_secret, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    # Title (weight A), description (B) and organisation (C) as one search vector,
    # kept up to date by a trigger on PostgreSQL (migration 0003); empty elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = CooperationRequestManager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("cooperation request")
        verbose_name_plural = _("cooperation requests")
        indexes = [
            models.Index(fields=["status", "expires"]),
            # newest(): read backwards, the newest requests come first without
            # sorting the whole board.
            models.Index(fields=["published_at", "id"], name="request_published_idx"),
            # Created on PostgreSQL only (see migration 0003).
            GinIndex(fields=["search_vector"], name="request_search_vector"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.token_digest:
            self.token_digest = tokens.digest(self.manage_token)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("cooperation:request-detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.expires and self.expires > latest_allowed_expiry():
            raise ValidationError(
                {"expires": _("A request can stay on the board for at most a year.")}
            )

    @property
    def manage_token(self):
        return tokens.token_for(self.secret, "manage")

    def get_manage_url(self):
        return reverse("cooperation:request-manage", args=[self.manage_token])

    @property
    def is_open(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.expires >= timezone.localdate()
        )

    @property
    def has_expired(self):
        return self.status == self.Status.EXPIRED or (
            self.status == self.Status.PUBLISHED and self.expires < timezone.localdate()
        )

    @property
    def is_editable(self):
        return self.status in {self.Status.PENDING, self.Status.PUBLISHED}

    @property
    def is_renewable(self):
        return self.status in {
            self.Status.PENDING,
            self.Status.PUBLISHED,
            self.Status.EXPIRED,
        }

    @property
    def is_closable(self):
        return self.status in {
            self.Status.UNCONFIRMED,
            self.Status.PENDING,
            self.Status.PUBLISHED,
            self.Status.EXPIRED,
        }


class ReplyQuerySet(models.QuerySet):
    def queued(self):
        return self.filter(status=Reply.Status.QUEUED)


class Reply(models.Model):
    """An answer to a request, stored before it is relayed to the poster by mail."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    request = models.ForeignKey(
        CooperationRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="replies",
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254)
    message = models.TextField(
        _("message"),
        max_length=MESSAGE_MAX_LENGTH,
        validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)],
    )
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    status = models.CharField(
        _("delivery"),
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self):
        return f"{self.name} → {self.request}"


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_since(self, days):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        return self.filter(confirmed_at__isnull=True, created__lt=cutoff)

    def matching(self, cooperation_request):
        """Confirmed subscriptions whose field and country both fit the request; an
        unset part fits anything. A request without target countries is open to
        partners anywhere, so every country fits it."""
        field_ids = [field.pk for field in cooperation_request.fields.all()]
        fits_field = Q(field__isnull=True) | Q(field__in=field_ids)

        targets = [country.code for country in cooperation_request.target_countries]
        fits_country = Q()
        if targets:
            fits_country = (
                Q(country="")
                | Q(country=cooperation_request.country.code)
                | Q(country__in=targets)
            )
        return self.confirmed().filter(fits_field & fits_country)


class Subscription(models.Model):
    """An e-mail alert about newly published requests in a field and/or country."""

    email = models.EmailField(_("e-mail"), max_length=254)
    field = models.ForeignKey(
        TechnologyField,
        verbose_name=_("technology field"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cooperation_subscriptions",
    )
    country = CountryField(_("country"), blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    secret = models.CharField(max_length=64, default=tokens.new_secret, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(field__isnull=False) | ~Q(country=""),
                name="subscription_names_field_or_country",
            )
        ]

    def __str__(self):
        return f"{self.email}: {self.describe()}"

    def save(self, *args, **kwargs):
        if not self.token_digest:
            self.token_digest = tokens.digest(self.token)
        super().save(*args, **kwargs)

    @property
    def token(self):
        return tokens.token_for(self.secret, "subscription")

    def describe(self):
        parts = []
        if self.field_id:
            parts.append(str(self.field))
        if self.country:
            parts.append(str(self.country.name))
        return " · ".join(parts)
