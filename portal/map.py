"""The offline world map: Natural Earth country shapes drawn as inline SVG, shaded by
how many published portraits each country has, with a linked marker per portrait (or,
when there are very many, per country or region).

No tiles, no scripts, no outside requests. The shapes come from
static/map/countries.json (built by `manage.py build_world_map`) and are read once per
process; the markers cost two queries per map, three for a country's map of a
large data set.
"""

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from clusters.models import Cluster, Region

logger = logging.getLogger(__name__)

SHAPES_FILE = Path(settings.BASE_DIR) / "static" / "map" / "countries.json"
SCALE = 10  # projected units per degree, as in the shapes file

# The world view leaves out the polar seas: 84° north to 58° south.
WORLD_VIEW = (0, 60, 360 * SCALE, 142 * SCALE)

# Country views: a margin around the country, a least size so small countries keep
# their neighbours in sight, and a landscape-ish shape that fits a page.
MARGIN = 0.12
MIN_SPAN = 8 * SCALE
MIN_ASPECT, MAX_ASPECT = 1.2, 2.2

# Above this many published portraits, a dot for each would outweigh the page around
# the map and hide the countries under them: the world map then draws a dot per
# country and a country's map a dot per region, each linking to the page that lists
# their portraits.
MAX_PORTRAIT_MARKERS = 300

# Markers and their outlines keep the same size on screen whatever the zoom.
MARKER_RADIUS = 0.0055
MARKER_STROKE = 0.0015

# Shading classes: (css class, fewest portraits, most portraits or None, label).
SHADES = [
    ("map-shade-1", 1, 1, _("1 portrait")),
    ("map-shade-2", 2, 2, _("2 portraits")),
    ("map-shade-3", 3, 4, _("3 to 4 portraits")),
    ("map-shade-4", 5, None, _("5 or more portraits")),
]
NO_SHADE = "map-shade-0"


def shade_for(count):
    for css_class, fewest, most, _label in SHADES:
        if count >= fewest and (most is None or count <= most):
            return css_class
    return NO_SHADE


@dataclass(frozen=True)
class Shape:
    code: str  # ISO 3166-1 alpha-2, or "" for areas without one
    name: str
    path: str
    box: tuple  # min x, min y, max x, max y
    focus: tuple  # the box a country map zooms to


@lru_cache(maxsize=1)
def shapes():
    """Every country shape, read once: they never change while the portal runs."""
    document = json.loads(SHAPES_FILE.read_text(encoding="utf-8"))
    loaded = tuple(
        Shape(
            code=entry["code"] or "",
            name=entry["name"],
            path=entry["path"],
            box=tuple(entry["box"]),
            focus=tuple(entry["focus"]),
        )
        for entry in document["countries"]
    )
    logger.info("Loaded %d country shapes from %s", len(loaded), SHAPES_FILE)
    return loaded


@lru_cache(maxsize=1)
def shapes_by_code():
    return {shape.code: shape for shape in shapes() if shape.code}


def project(latitude, longitude):
    return (longitude + 180) * SCALE, (90 - latitude) * SCALE


@dataclass
class Marker:
    """A dot on the map: one portrait, or a group of them (a country's, a region's)
    that links to the page listing them."""

    name: str
    url: str
    country: Country
    x: float
    y: float
    portraits: int = 1
    stands_for: str = "portrait"  # or "region", "country"

    @property
    def group(self):
        return self.stands_for != "portrait"


@dataclass
class CountryArea:
    shape: Shape
    count: int
    shade: str

    @property
    def name(self):
        """The country's name in the visitor's language; Natural Earth's English name
        for areas that have no ISO code or none that django-countries knows."""
        return (self.shape.code and Country(self.shape.code).name) or self.shape.name


@dataclass
class WorldMap:
    """What the map template draws."""

    id: str
    title: str
    description: str
    view: tuple
    areas: list
    markers: list
    marker_radius: float
    marker_stroke: float
    grouped: bool = False
    shades: list = field(default_factory=lambda: SHADES)
    no_shade: str = NO_SHADE

    @property
    def view_box(self):
        return " ".join(f"{value:g}" for value in self.view)

    @property
    def portrait_count(self):
        return sum(marker.portraits for marker in self.markers)

    @property
    def markers_by_country(self):
        """The text alternative: (country, its markers) by country name."""
        grouped = {}
        for marker in self.markers:
            grouped.setdefault(marker.country.code, []).append(marker)
        return sorted(
            (
                CountryMarkers(markers[0].country, markers)
                for markers in grouped.values()
            ),
            key=lambda item: str(item.country.name),
        )


@dataclass
class CountryMarkers:
    """A country's markers, for the text list under the map."""

    country: Country
    markers: list

    @property
    def portraits(self):
        return sum(marker.portraits for marker in self.markers)

    @property
    def listed(self):
        """The markers worth a line of their own under the country's: not the one
        that stands for the whole country."""
        return [marker for marker in self.markers if marker.stands_for != "country"]


def portrait_markers(limit):
    """One marker per published portrait, or None when there are more than `limit`:
    one query, which reads at most one row more than the limit."""
    rows = list(
        Cluster.objects.published()
        .order_by("name", "pk")
        .values_list("name", "slug", "latitude", "longitude", "region__country")[
            : limit + 1
        ]
    )
    if len(rows) > limit:
        return None

    markers = []
    for name, slug, latitude, longitude, country_code in rows:
        x, y = project(latitude, longitude)
        markers.append(
            Marker(
                name=name,
                url=reverse("clusters:cluster-detail", args=[slug]),
                country=Country(code=country_code),
                x=round(x, 1),
                y=round(y, 1),
            )
        )
    return markers


def portraits_per_country():
    """{country code: (published portraits, their mean latitude and longitude)}, in
    one query."""
    rows = (
        Cluster.objects.published()
        .values("region__country")
        .annotate(
            portraits=Count("pk"),
            mean_latitude=Avg("latitude"),
            mean_longitude=Avg("longitude"),
        )
        .order_by()
    )
    return {
        row["region__country"]: (
            row["portraits"],
            row["mean_latitude"],
            row["mean_longitude"],
        )
        for row in rows
    }


def country_position(code, mean_latitude, mean_longitude):
    """Where a country's dot goes: the middle of its main area, or the mean position of
    its portraits for a country too small for the shapes. (Longitudes are averaged as
    plain numbers: portraits on both sides of the 180th meridian would put the dot in
    between.)"""
    shape = shapes_by_code().get(code)
    if shape is None:
        return project(mean_latitude, mean_longitude)
    left, top, right, bottom = shape.focus
    return (left + right) / 2, (top + bottom) / 2


def country_markers(per_country):
    """One marker per country with portraits."""
    markers = []
    for code, (portraits, latitude, longitude) in per_country.items():
        x, y = country_position(code, latitude, longitude)
        country = Country(code=code)
        markers.append(
            Marker(
                name=str(country.name),
                url=reverse("clusters:country-detail", args=[code.lower()]),
                country=country,
                x=round(x, 1),
                y=round(y, 1),
                portraits=portraits,
                stands_for="country",
            )
        )
    return markers


def region_markers(code):
    """One marker per region of the country with portraits, at the region's centre."""
    rows = (
        Region.objects.in_country(code)
        .filter(clusters__status=Cluster.Status.PUBLISHED)
        .values("name", "slug", "latitude", "longitude")
        .annotate(portraits=Count("clusters"))
        .order_by("name", "slug")
    )
    country = Country(code=code)
    markers = []
    for row in rows:
        x, y = project(row["latitude"], row["longitude"])
        markers.append(
            Marker(
                name=row["name"],
                url=reverse("clusters:region-detail", args=[row["slug"]]),
                country=country,
                x=round(x, 1),
                y=round(y, 1),
                portraits=row["portraits"],
                stands_for="region",
            )
        )
    return markers


def build_map(map_id, title, description, view, visible_shapes, markers, counts):
    """`counts` holds the published portraits per country code, for the shading."""
    width = view[2]
    inside = [marker for marker in markers if within(view, marker.x, marker.y)]
    return WorldMap(
        id=map_id,
        title=title,
        description=description,
        view=view,
        areas=[
            CountryArea(
                shape=shape,
                count=counts.get(shape.code, 0),
                shade=shade_for(counts.get(shape.code, 0)),
            )
            for shape in visible_shapes
        ],
        markers=inside,
        marker_radius=round(width * MARKER_RADIUS, 2),
        marker_stroke=round(width * MARKER_STROKE, 2),
        grouped=any(marker.group for marker in inside),
    )


def within(view, x, y):
    left, top, width, height = view
    return left <= x <= left + width and top <= y <= top + height


def world_map():
    markers = portrait_markers(MAX_PORTRAIT_MARKERS)
    per_country = portraits_per_country()
    if markers is None:
        markers = country_markers(per_country)
        description = _(
            "Countries are shaded by how many published portraits they have; each dot "
            "stands for a country's portraits and links to the country's page. The "
            "same countries are listed below the map."
        )
    else:
        description = _(
            "Countries are shaded by how many published portraits they have; each dot "
            "is a portrait and links to it. The same portraits are listed by country "
            "below the map."
        )

    return build_map(
        "world-map",
        _("World map of the cluster portraits"),
        description,
        WORLD_VIEW,
        shapes(),
        markers,
        counts={code: row[0] for code, row in per_country.items()},
    )


def framed(box):
    """A view box around `box`: with a margin, at least MIN_SPAN wide and high, and
    between MIN_ASPECT and MAX_ASPECT times as wide as high."""
    left, top, right, bottom = box
    width = max(right - left, 1) * (1 + 2 * MARGIN)
    height = max(bottom - top, 1) * (1 + 2 * MARGIN)
    width, height = max(width, MIN_SPAN), max(height, MIN_SPAN)
    if width < height * MIN_ASPECT:
        width = height * MIN_ASPECT
    if width > height * MAX_ASPECT:
        height = width / MAX_ASPECT

    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    return (
        round(centre_x - width / 2, 1),
        round(centre_y - height / 2, 1),
        round(width, 1),
        round(height, 1),
    )


@lru_cache(maxsize=512)
def shapes_in_view(view):
    """The shapes that reach into `view`; the rest need not be sent."""
    left, top, width, height = view
    return tuple(
        shape
        for shape in shapes()
        if shape.box[0] <= left + width
        and shape.box[2] >= left
        and shape.box[1] <= top + height
        and shape.box[3] >= top
    )


def country_map(code):
    """The map zoomed to one country (its main area and its portraits), or None when
    the country has neither a shape nor a portrait to show."""
    code = code.upper()
    markers = portrait_markers(MAX_PORTRAIT_MARKERS)
    per_country = portraits_per_country()
    if markers is None:
        # Too many for a dot each: the country's regions, and its neighbours whole.
        neighbours = {other: row for other, row in per_country.items() if other != code}
        markers = region_markers(code) + country_markers(neighbours)

    own = [marker for marker in markers if marker.country.code == code]
    shape = shapes_by_code().get(code)
    boxes = [shape.focus] if shape else []
    boxes += [(marker.x, marker.y, marker.x, marker.y) for marker in own]
    if not boxes:
        return None
    box = (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )
    view = framed(box)

    country = Country(code=code)
    if any(marker.group for marker in markers):
        description = _(
            "%(country)s and its neighbours, shaded by how many published portraits "
            "each country has; each dot stands for the portraits of a region or of a "
            "neighbouring country and links to its page. They are listed below the map."
        )
    else:
        description = _(
            "%(country)s and its neighbours, shaded by how many published portraits "
            "each country has; each dot is a portrait and links to it. The portraits "
            "on this map are listed below it."
        )
    return build_map(
        "country-map",
        _("Map of the cluster portraits in %(country)s") % {"country": country.name},
        description % {"country": country.name},
        view,
        shapes_in_view(view),
        markers,
        counts={other: row[0] for other, row in per_country.items()},
    )
