"""Board fragments that other pages (the home page, portraits) include: each brings
its own data in one query, so those pages' views need not know about the board."""

from django import template

from cooperation.models import CooperationRequest

register = template.Library()

FRAGMENT_LIMIT = 5


@register.simple_tag
def newest_open_requests(limit=FRAGMENT_LIMIT):
    return list(CooperationRequest.objects.open_requests().newest()[:limit])


@register.simple_tag
def open_requests_in_fields(fields, limit=FRAGMENT_LIMIT):
    """Open requests sharing any of `fields`, or the one field given (pass prefetched
    fields: no query for them here)."""
    if not hasattr(fields, "__iter__"):
        fields = [fields]
    field_ids = [field.pk for field in fields]
    if not field_ids:
        return []
    matching = CooperationRequest.objects.open_requests().in_any_field(field_ids)
    return list(matching.newest()[:limit])
