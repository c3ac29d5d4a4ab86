"""Forms of the site-wide pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the portal"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_(
            'Words are all looked for. Put a phrase in "quotes"; '
            "write or between alternatives, -word to leave a word out."
        ),
    )
