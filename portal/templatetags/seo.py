"""Template tags for what a page tells search engines and link previews."""

from django import template
from django.utils.safestring import mark_safe

from portal import seo

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, variable):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context):
        # Rendered output is already escaped, so it stays safe when shown again.
        output = self.nodelist.render(context)
        context[self.variable] = mark_safe(" ".join(output.split()))
        return ""


@register.tag
def capture(parser, token):
    """Render the enclosed template once and keep the result in a variable, so that
    a block (the page title) can appear in several places (<title>, og:title):

        {% capture as page_title %}{% block title %}…{% endblock %}{% endcapture %}
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError(
            "Usage: {% capture as variable %}...{% endcapture %}"
        )
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without tracking or unknown parameters. A list page keeps
    its filters (and page number); a view may name further parameters it reads in
    `canonical_params`."""
    request = context.get("request")
    if request is None:
        return ""
    known = list(getattr(context.get("view"), "canonical_params", ()))
    filterset = context.get("filter")
    if filterset is not None and hasattr(filterset, "filters"):
        known += [*filterset.filters, seo.PAGE_PARAMETER]
    return seo.canonical_url(request, known)


@register.simple_tag
def absolute_url(path):
    return seo.absolute_url(path)
