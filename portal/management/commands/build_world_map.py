"""Turn Natural Earth country outlines (GeoJSON) into the compact shapes of the
portal's offline world map: static/map/countries.json.

    python manage.py build_world_map path/to/ne_110m_admin_0_countries.geojson

The projection is equirectangular, in tenths of a degree: x = (longitude + 180) * 10,
y = (90 - latitude) * 10. Each country keeps one SVG path (relative moves, whole
numbers) and two boxes: around all its parts, and around its main part (the largest
polygon and the parts close to it), which is what a country map zooms to.
"""

import json
import logging
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger(__name__)

SCALE = 10  # projected units per degree
NEARBY = 5 * SCALE  # parts this close to the main part belong to its zoom
LEFT_OUT = {"AQ"}  # Antarctica: no clusters, and most of the world map's height
OUTPUT = Path(settings.BASE_DIR) / "static" / "map" / "countries.json"


def project(longitude, latitude):
    return round((longitude + 180) * SCALE), round((90 - latitude) * SCALE)


def ring_points(ring):
    """A ring's projected points, without repeats that rounding produced."""
    points = []
    for longitude, latitude in ring:
        point = project(longitude, latitude)
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def number_list(values):
    """SVG numbers with the fewest separators: a minus sign separates by itself."""
    text = ""
    for value in values:
        if text and value >= 0:
            text += " "
        text += str(value)
    return text


def ring_path(points):
    x, y = points[0]
    deltas = []
    for next_x, next_y in points[1:]:
        deltas += [next_x - x, next_y - y]
        x, y = next_x, next_y
    return f"M{points[0][0]} {points[0][1]}l{number_list(deltas)}z"


def area(points):
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def box_of(points):
    xs = [x for x, _y in points]
    ys = [y for _x, y in points]
    return [min(xs), min(ys), max(xs), max(ys)]


def union(first, second):
    return [
        min(first[0], second[0]),
        min(first[1], second[1]),
        max(first[2], second[2]),
        max(first[3], second[3]),
    ]


def near(box, other, distance):
    return not (
        other[0] > box[2] + distance
        or other[2] < box[0] - distance
        or other[1] > box[3] + distance
        or other[3] < box[1] - distance
    )


def main_box(polygons):
    """The box around the largest polygon and every polygon near it, so that a
    country map of France shows Corsica but not French Guiana."""
    boxes = [box_of(outer) for outer in sorted(polygons, key=area, reverse=True)]
    focus, rest = boxes[0], boxes[1:]
    grown = True
    while grown:
        grown = False
        for box in list(rest):
            if near(focus, box, NEARBY):
                focus = union(focus, box)
                rest.remove(box)
                grown = True
    return focus


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise CommandError(f"Unexpected geometry type {geometry['type']!r}")


def shape_of(feature):
    properties = feature["properties"]
    paths, outers = [], []
    for polygon in polygons_of(feature["geometry"]):
        rings = [ring_points(ring) for ring in polygon]
        rings = [ring for ring in rings if len(ring) >= 3]
        if not rings:
            continue
        outers.append(rings[0])
        paths += [ring_path(ring) for ring in rings]
    if not outers:
        return None

    box = box_of([point for outer in outers for point in outer])
    return {
        "code": properties.get("ISO_A2"),
        "name": properties["NAME"],
        "path": "".join(paths),
        "box": box,
        "focus": main_box(outers),
    }


class Command(BaseCommand):
    help = "Build static/map/countries.json from Natural Earth country outlines."

    def add_arguments(self, parser):
        parser.add_argument("source", help="Natural Earth admin-0 countries, GeoJSON")
        parser.add_argument(
            "--output", default=str(OUTPUT), help="Where to write the shapes."
        )

    def handle(self, *args, **options):
        source = Path(options["source"])
        try:
            collection = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {source}: {error}") from error
        logger.info("Building the world map from %s", source)

        shapes = []
        for feature in collection["features"]:
            if feature["properties"].get("ISO_A2") in LEFT_OUT:
                continue
            shape = shape_of(feature)
            if shape is not None:
                shapes.append(shape)
        shapes.sort(key=lambda shape: (shape["code"] or "~", shape["name"]))

        document = {
            "attribution": "Made with Natural Earth",
            "source": (
                "Natural Earth 1:110m Admin 0 countries, version 4.0.0, public domain"
            ),
            "projection": (
                "equirectangular: x = (longitude + 180) * 10, y = (90 - latitude) * 10"
            ),
            "countries": shapes,
        }
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n",
            encoding="utf-8",
        )
        self.stdout.write(f"Wrote {len(shapes)} country shapes to {output}")
