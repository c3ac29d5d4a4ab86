"""The public forms of the board. Every field is bounded, every refusal says why, and a
form with errors keeps everything that was typed."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries import countries

from clusters.models import Cluster, TechnologyField

from .models import CooperationRequest, Reply, Subscription, latest_allowed_expiry

MAX_FIELDS = 10
MAX_CLUSTERS = 5
MAX_TARGET_COUNTRIES = 30
MIN_DESCRIPTION_LENGTH = 30

HONEYPOT_MESSAGE = _(
    "This looks like an automated submission. If you are a person, please empty the "
    "field labelled “Leave this field empty” and send again."
)


def collapse_whitespace(value):
    return " ".join(value.split())


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice that refuses too many values before it asks the database."""

    def __init__(self, *args, max_choices, **kwargs):
        self.max_choices = max_choices
        super().__init__(*args, **kwargs)

    def clean(self, value):
        if value and len(value) > self.max_choices:
            raise ValidationError(
                ngettext_lazy(
                    "Choose at most %(limit)d item.",
                    "Choose at most %(limit)d items.",
                    "limit",
                ),
                code="too_many",
                params={"limit": self.max_choices},
            )
        return super().clean(value)


class CountryCodeField(forms.ChoiceField):
    """A country choice that accepts ISO codes in either case, as the board's
    filters do (`fr` and `FR`)."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class BoardForm(forms.Form):
    """What every public form of the board shares: a honeypot field that people never
    see and automated senders tend to fill, and single-line fields kept single-line
    (they end up in mail subjects and headers)."""

    single_line_fields = ()

    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        for name in self.single_line_fields:
            if cleaned_data.get(name):
                cleaned_data[name] = collapse_whitespace(cleaned_data[name])
        return cleaned_data

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]


class CooperationRequestForm(BoardForm, forms.ModelForm):
    single_line_fields = ("title", "organisation", "contact_name")

    fields = BoundedModelMultipleChoiceField(
        label=_("Technology fields"),
        queryset=TechnologyField.objects.all(),
        to_field_name="slug",
        required=False,
        max_choices=MAX_FIELDS,
        widget=forms.CheckboxSelectMultiple,
    )
    clusters = BoundedModelMultipleChoiceField(
        label=_("Related clusters"),
        queryset=Cluster.objects.published(),
        to_field_name="slug",
        required=False,
        max_choices=MAX_CLUSTERS,
        help_text=_("Clusters of the portal this request concerns, if any."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = CooperationRequest
        fields = [
            "kind",
            "topic",
            "title",
            "description",
            "fields",
            "organisation",
            "organisation_type",
            "country",
            "target_countries",
            "clusters",
            "contact_name",
            "contact_email",
            "expires",
        ]
        labels = {
            "country": _("Your organisation's country"),
            "contact_email": _("Your e-mail address"),
            "contact_name": _("Your name"),
            "expires": _("Show until"),
        }
        help_texts = {
            "contact_email": _(
                "Never shown. We send you a link to confirm the request, and relay "
                "replies to this address."
            ),
            "contact_name": _("Never shown; used in mails to you."),
            "expires": _("At most one year from today."),
            "description": _(
                "Plain text, at most 5,000 characters. Links are not clickable."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "expires": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "target_countries": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].validators.append(
            MinLengthValidator(MIN_DESCRIPTION_LENGTH)
        )
        self.fields["target_countries"].help_text = _(
            "Where you look for partners; choose none if anywhere will do."
        )
        self.fields["expires"].widget.attrs.update(
            min=timezone.localdate().isoformat(),
            max=latest_allowed_expiry().isoformat(),
        )

    def clean_target_countries(self):
        value = self.cleaned_data["target_countries"]
        if len(value) > MAX_TARGET_COUNTRIES:
            raise ValidationError(
                _("Choose at most %(limit)d countries."),
                code="too_many",
                params={"limit": MAX_TARGET_COUNTRIES},
            )
        return value

    def clean_expires(self):
        expires = self.cleaned_data["expires"]
        if expires < timezone.localdate():
            raise ValidationError(_("Choose a date from today on."), code="in_the_past")
        if expires > latest_allowed_expiry():
            raise ValidationError(
                _("A request can stay on the board for at most a year."),
                code="too_late",
            )
        return expires


class CooperationRequestEditForm(CooperationRequestForm):
    """The poster's changes; the address stays, since it was confirmed."""

    class Meta(CooperationRequestForm.Meta):
        fields = [
            name
            for name in CooperationRequestForm.Meta.fields
            if name != "contact_email"
        ]


class ReplyForm(BoardForm, forms.ModelForm):
    single_line_fields = ("name", "organisation")

    class Meta:
        model = Reply
        fields = ["name", "organisation", "email", "message"]
        labels = {"name": _("Your name"), "email": _("Your e-mail address")}
        help_texts = {
            "email": _(
                "The poster receives your message by mail and can answer you at this "
                "address. It is not shown on the site."
            ),
            "message": _("Plain text, at most 5,000 characters."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 8})}


class SubscriptionForm(BoardForm, forms.ModelForm):
    field = forms.ModelChoiceField(
        label=_("Technology field"),
        queryset=TechnologyField.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any field"),
    )
    country = CountryCodeField(
        label=_("Country"),
        choices=lambda: [("", _("Any country")), *countries],
        required=False,
        help_text=_("Requests posted from this country or seeking partners in it."),
    )

    class Meta:
        model = Subscription
        fields = ["email", "field", "country"]
        labels = {"email": _("Your e-mail address")}

    def clean(self):
        cleaned_data = super().clean()
        nothing_chosen = not cleaned_data.get("field") and not cleaned_data.get(
            "country"
        )
        # An invalid choice has its own message already.
        invalid_choice = self.has_error("field") or self.has_error("country")
        if nothing_chosen and not invalid_choice:
            raise ValidationError(
                _("Choose a technology field, a country, or both."),
                code="nothing_chosen",
            )
        return cleaned_data
