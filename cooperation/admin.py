"""The editors' side of the board: review requests, read replies, see alerts."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import CooperationRequest, Reply, Subscription


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, mailed to the poster"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
    )


class ReplyInline(admin.TabularInline):
    model = Reply
    extra = 0
    can_delete = False
    fields = ["created", "name", "organisation", "email", "status", "sent_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CooperationRequest)
class CooperationRequestAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "topic",
        "organisation",
        "country",
        "status",
        "created",
        "expires",
        "reviewed_by",
    ]
    list_filter = ["status", "kind", "topic", "organisation_type", "country", "fields"]
    list_select_related = ["reviewed_by"]
    search_fields = [
        "title",
        "description",
        "organisation",
        "contact_name",
        "contact_email",
    ]
    date_hierarchy = "created"
    autocomplete_fields = ["clusters"]
    actions = ["approve", "reject"]
    inlines = [ReplyInline]
    readonly_fields = [
        "status",
        "created",
        "updated",
        "confirmed_at",
        "published_at",
        "closed_at",
        "reviewed_by",
        "reviewed_at",
        "rejection_reason",
        "alerts_sent_at",
        "reminder_sent_at",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "topic", "title", "description", "fields"]}),
        (
            _("Poster"),
            {
                "fields": [
                    "organisation",
                    "organisation_type",
                    "country",
                    "target_countries",
                    "clusters",
                    "contact_name",
                    "contact_email",
                ]
            },
        ),
        (
            _("Review"),
            {
                "description": _(
                    "Status changes only through the list actions, so that the "
                    "poster is always told."
                ),
                "fields": [
                    "status",
                    "expires",
                    "rejection_reason",
                    "reviewed_by",
                    "reviewed_at",
                ],
            },
        ),
        (
            _("History"),
            {
                "classes": ["collapse"],
                "fields": [
                    "created",
                    "updated",
                    "confirmed_at",
                    "published_at",
                    "closed_at",
                    "alerts_sent_at",
                    "reminder_sent_at",
                ],
            },
        ),
    ]

    def has_add_permission(self, request):
        # Requests come from the public form, which confirms the poster's address.
        return False

    def report(self, request, outcome, done_message):
        self.message_user(request, done_message, messages.SUCCESS)
        if outcome.skipped:
            self.message_user(
                request,
                ngettext(
                    "%d request was not published: its expiry date has passed.",
                    "%d requests were not published: their expiry date has passed.",
                    outcome.skipped,
                )
                % outcome.skipped,
                messages.WARNING,
            )
        if outcome.mail_failures:
            self.message_user(
                request,
                ngettext(
                    "The mail to %d poster could not be sent; see the log.",
                    "The mails to %d posters could not be sent; see the log.",
                    outcome.mail_failures,
                )
                % outcome.mail_failures,
                messages.WARNING,
            )

    @admin.action(
        description=_("Approve and publish selected requests"),
        permissions=["change"],
    )
    def approve(self, request, queryset):
        outcome = services.approve_requests(queryset, request.user)
        self.report(
            request,
            outcome,
            ngettext(
                "%(count)d request published; %(alerts)d alert mails sent.",
                "%(count)d requests published; %(alerts)d alert mails sent.",
                outcome.changed,
            )
            % {"count": outcome.changed, "alerts": outcome.alerts_sent},
        )

    @admin.action(
        description=_("Reject selected requests (asks for a reason)…"),
        permissions=["change"],
    )
    def reject(self, request, queryset):
        form = RejectionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            outcome = services.reject_requests(
                queryset, request.user, form.cleaned_data["reason"]
            )
            self.report(
                request,
                outcome,
                ngettext(
                    "%d request rejected; the poster was told why.",
                    "%d requests rejected; the posters were told why.",
                    outcome.changed,
                )
                % outcome.changed,
            )
            return None

        # Ask for the reason on a page of its own, then come back to this action.
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject cooperation requests"),
            "opts": self.model._meta,
            "form": form,
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "cooperation/admin/reject.html", context)


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    """Replies are the repliers' words: editors read them and may resend or delete
    them, but never change them."""

    list_display = ["created", "name", "organisation", "request", "status", "attempts"]
    list_filter = ["status"]
    list_select_related = ["request"]
    search_fields = ["name", "organisation", "email", "message", "request__title"]
    date_hierarchy = "created"
    actions = ["send_again"]
    readonly_fields = [
        "request",
        "name",
        "organisation",
        "email",
        "message",
        "created",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send selected replies again"), permissions=["change"])
    def send_again(self, request, queryset):
        sent = 0
        for reply in queryset.exclude(status=Reply.Status.SENT).select_related(
            "request"
        ):
            if reply.status == Reply.Status.FAILED:
                reply.status = Reply.Status.QUEUED
                reply.save(update_fields=["status"])
            sent += services.deliver_reply(reply)
        self.message_user(
            request,
            ngettext("%d reply sent.", "%d replies sent.", sent) % sent,
            messages.SUCCESS,
        )


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "field", "country", "created", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), "field", "country"]
    list_select_related = ["field"]
    search_fields = ["email"]
    fields = ["email", "field", "country", "created", "confirmed_at"]
    readonly_fields = ["created", "confirmed_at"]
