"""`{% cached_fragment %}`: a part of a page kept in the cache until the content
changes (see portal.fragments)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal import fragments

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        name = self.name.resolve(context)
        parts = [get_language(), *(value.resolve(context) for value in self.vary_on)]
        html = fragments.cached(
            name, lambda: str(self.nodelist.render(context)), *parts
        )
        return mark_safe(html)


@register.tag
def cached_fragment(parser, token):
    """Render the enclosed template once per content version and language:

        {% cached_fragment "home-map" %}…{% endcached_fragment %}

    Further arguments are values the fragment varies on. Never wrap anything that
    differs between visitors (forms with a CSRF token, messages, the user).
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            'Usage: {% cached_fragment "name" [value …] %}…{% endcached_fragment %}'
        )
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
    )
