"""The offline world map, for the home page and zoomed in on a country page."""

from django import template

from portal import map as portal_map

register = template.Library()


@register.inclusion_tag("includes/map.html")
def world_map():
    return {"map": portal_map.world_map()}


@register.inclusion_tag("includes/map.html")
def country_map(country):
    code = getattr(country, "code", country)
    return {"map": portal_map.country_map(str(code))}
