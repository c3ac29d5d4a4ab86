"""Showing scores, stars and values the same way on every page."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

MAX_STARS = 3


@register.simple_tag
def stars(count):
    """Filled and empty stars with a text equivalent, or "n/a" when there are none."""
    if count is None:
        return format_html('<span class="na">{}</span>', _("n/a"))
    label = _("%(count)s of %(max)s stars") % {"count": count, "max": MAX_STARS}
    return format_html(
        '<span class="stars" role="img" aria-label="{}" title="{}">{}{}</span>',
        label,
        label,
        "★" * count,
        "☆" * (MAX_STARS - count),
    )


@register.filter
def figure(value):
    """A value with at most three decimals and no trailing zeros; "n/a" when missing."""
    if value is None:
        return _("n/a")
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text


@register.filter
def unit(criterion):
    """The criterion's unit in the current language.

    {% translate criterion.unit %} would miss units such as "% of GDP": it doubles
    percent signs before looking a variable up in the catalogue.
    """
    return _(criterion.unit) if criterion.unit else ""


@register.filter
def score(value):
    if value is None:
        return _("n/a")
    return f"{value:.0f}"
