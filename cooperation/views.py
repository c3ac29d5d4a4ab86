"""Public pages of the cooperation board, and the private pages behind mailed links."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
from django_filters.views import FilterView

from clusters.models import Cluster
from clusters.views import FilteredListMixin
from portal.exports import ExportMixin

from . import ratelimit, services, tokens
from .exports import CooperationRequestExport
from .filters import CooperationRequestFilter
from .forms import (
    CooperationRequestEditForm,
    CooperationRequestForm,
    ReplyForm,
    SubscriptionForm,
)
from .matching import suggest_clusters
from .models import CooperationRequest, Subscription

RATE_LIMIT_MESSAGE = _(
    "You have sent a lot from this address in a short time. Please wait an hour and "
    "send again; everything you typed is still here."
)
UNCOUNTED_MESSAGE = _(
    "We cannot accept this just now because of a fault on our side. Please send again "
    "in a few minutes; everything you typed is still here."
)
MAIL_FAILED_MESSAGE = _(
    "We could not send the confirmation mail just now, so nothing was saved. Please "
    "check the address and send again in a few minutes; everything you typed is "
    "still here."
)


def rate_limit_refusal(request, action):
    """None when `action` may go ahead, else the message and status to refuse with."""
    verdict = ratelimit.check(request, action)
    if verdict == ratelimit.LIMITED:
        return RATE_LIMIT_MESSAGE, 429
    if verdict == ratelimit.UNCOUNTED:
        return UNCOUNTED_MESSAGE, 503
    return None


def refuse(view, form, message, status):
    """Show the form again, bound with everything that was typed, and say why."""
    form.add_error(None, message)
    return view.render_to_response(view.get_context_data(form=form), status=status)


class RequestListView(ExportMixin, FilteredListMixin, FilterView):
    filterset_class = CooperationRequestFilter
    export_class = CooperationRequestExport
    template_name = "cooperation/request_list.html"
    context_object_name = "cooperation_requests"

    def get_queryset(self):
        return CooperationRequest.objects.open_requests().for_cards().newest()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Offer an alert for what the visitor is looking at.
        alert_query = self.request.GET.copy()
        for key in list(alert_query):
            if key not in {"field", "country"}:
                del alert_query[key]
        context["alert_query"] = alert_query.urlencode()
        return context


class RequestDetailView(DetailView):
    """One request, its reply form and the clusters that fit it. Closed and expired
    requests keep their page with a notice; unconfirmed, pending and rejected ones
    answer 404 like an unknown number."""

    template_name = "cooperation/request_detail.html"
    context_object_name = "cooperation_request"

    def get_queryset(self):
        return CooperationRequest.objects.publicly_visible().prefetch_related(
            "fields",
            Prefetch(
                "clusters",
                queryset=Cluster.objects.published().select_related("region"),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.is_open:
            context.setdefault("form", ReplyForm())
            context["suggested_clusters"] = suggest_clusters(self.object)
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.is_open:
            messages.error(request, _("This request no longer accepts replies."))
            return redirect(self.object)

        form = ReplyForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if refusal := rate_limit_refusal(request, "reply"):
            return refuse(self, form, *refusal)

        reply = services.save_reply(form, self.object)
        if services.deliver_reply(reply):
            messages.success(request, _("Your reply has been sent to the poster."))
        else:
            messages.success(
                request,
                _(
                    "Your reply is saved. Our mail service is busy, so it will reach "
                    "the poster a little later."
                ),
            )
        return redirect(self.object)


class RequestCreateView(CreateView):
    form_class = CooperationRequestForm
    template_name = "cooperation/request_form.html"

    def form_valid(self, form):
        if refusal := rate_limit_refusal(self.request, "post"):
            return refuse(self, form, *refusal)
        if services.submit_request(form) is None:
            return refuse(self, form, MAIL_FAILED_MESSAGE, status=503)
        return redirect("cooperation:request-posted")


class RequestPostedView(TemplateView):
    template_name = "cooperation/request_posted.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unconfirmed_days"] = settings.COOPERATION_UNCONFIRMED_DAYS
        return context


@method_decorator(never_cache, name="dispatch")
class PrivateLinkMixin:
    """Pages reached through a mailed token: not cached, not indexed, and the token
    never leaves for another site in a Referer header."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        # Not "no-referrer": under it browsers post the page's own forms with
        # "Origin: null", which the CSRF check rightly refuses.
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_object(self, queryset=None):
        cooperation_request = tokens.find_by_token(
            CooperationRequest.objects.prefetch_related("fields", "clusters"),
            self.kwargs["token"],
            "manage",
        )
        if cooperation_request is None:
            raise Http404("Unknown or outdated link")
        return cooperation_request


class RequestManageView(PrivateLinkMixin, DetailView):
    """The poster's page: confirm the address, then edit, renew or close."""

    template_name = "cooperation/request_manage.html"
    context_object_name = "cooperation_request"

    actions = {
        "confirm": (
            services.confirm_request,
            _(
                "Thank you, your address is confirmed. An editor will review the "
                "request; you will get a mail when it is published."
            ),
        ),
        "renew": (services.renew_request, _("The request has been renewed.")),
        "close": (
            services.close_request,
            _("The request is closed and no longer shown on the board."),
        ),
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reply_count"] = self.object.replies.count()
        context["renewal_days"] = settings.COOPERATION_EXPIRY_DAYS
        return context

    def post(self, request, *args, **kwargs):
        cooperation_request = self.get_object()
        action = self.actions.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, _("Unknown action; nothing was changed."))
        else:
            operation, success_message = action
            if operation(cooperation_request):
                messages.success(request, success_message)
            else:
                messages.error(
                    request,
                    _("This cannot be done while the request is “%(status)s”.")
                    % {"status": cooperation_request.get_status_display()},
                )
        return redirect(cooperation_request.get_manage_url())


class RequestEditView(PrivateLinkMixin, UpdateView):
    form_class = CooperationRequestEditForm
    template_name = "cooperation/request_edit.html"
    context_object_name = "cooperation_request"

    def dispatch(self, request, *args, **kwargs):
        cooperation_request = self.get_object()
        if not cooperation_request.is_editable:
            messages.error(
                request,
                _("This request can no longer be edited while it is “%(status)s”.")
                % {"status": cooperation_request.get_status_display()},
            )
            return redirect(cooperation_request.get_manage_url())
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        was_published = form.instance.status == CooperationRequest.Status.PUBLISHED
        cooperation_request = services.save_edit(form)
        if was_published:
            messages.success(
                self.request,
                _(
                    "Your changes are saved. An editor will review them; until then "
                    "the request is not shown on the board."
                ),
            )
        else:
            messages.success(self.request, _("Your changes are saved."))
        return redirect(cooperation_request.get_manage_url())


class SubscriptionCreateView(CreateView):
    form_class = SubscriptionForm
    template_name = "cooperation/subscription_form.html"

    def get_initial(self):
        # Prefilled from the board's filters; invalid values are simply not selected.
        return {
            "field": self.request.GET.get("field", "")[:100],
            "country": self.request.GET.get("country", "")[:2].upper(),
        }

    def form_valid(self, form):
        if refusal := rate_limit_refusal(self.request, "subscribe"):
            return refuse(self, form, *refusal)
        if services.subscribe(form) is None:
            return refuse(self, form, MAIL_FAILED_MESSAGE, status=503)
        messages.success(
            self.request,
            _(
                "Almost done: we have sent you a mail. Open the link in it to start "
                "your alert."
            ),
        )
        return redirect("cooperation:request-list")


def find_subscription(token):
    subscription = tokens.find_by_token(
        Subscription.objects.select_related("field"), token, "subscription"
    )
    if subscription is None:
        raise Http404("Unknown or outdated link")
    return subscription


@method_decorator(never_cache, name="dispatch")
class SubscriptionConfirmView(TemplateView):
    """Confirmation takes a button press: mail scanners that open every link must not
    start alerts nobody asked for."""

    template_name = "cooperation/subscription_confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subscription"] = find_subscription(self.kwargs["token"])
        return context

    def post(self, request, token):
        services.confirm_subscription(find_subscription(token))
        messages.success(
            request, _("Your alert is active. Every mail has a link to stop it.")
        )
        return redirect("cooperation:request-list")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click from an alert mail stops the alert. POST serves mail programs' own
    unsubscribe buttons, which send no CSRF token; the secret link is the proof."""
    subscription = tokens.find_by_token(
        Subscription.objects.select_related("field"), token, "subscription"
    )
    if subscription is None:
        return render(request, "cooperation/unsubscribed.html", status=404)

    description = subscription.describe()
    services.unsubscribe(subscription)
    return render(
        request,
        "cooperation/unsubscribed.html",
        {
            "description": description,
            "subscribe_url": reverse("cooperation:subscription-create"),
        },
    )
