import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from pytest_django.asserts import assertContains, assertNotContains

from portal import map as portal_map
from tests import factories

pytestmark = pytest.mark.django_db


def shade_of(content, code):
    found = re.search(
        rf'class="map-country (map-shade-\d)" data-country="{code}"', content
    )
    return found.group(1) if found else None


def view_box(content, map_id):
    found = re.search(
        rf'viewBox="([^"]+)"[^>]*aria-labelledby="{map_id}-title"', content
    )
    return [float(value) for value in found.group(1).split()]


def test_every_published_cluster_has_a_marker_linking_to_its_portrait(
    client, cluster, draft
):
    other = factories.make_cluster(
        name="Kyoto Photonics", region=factories.make_region(country="JP")
    )

    response = client.get("/")

    for portrait in (cluster, other):
        assertContains(
            response,
            f'<a class="map-marker" href="{portrait.get_absolute_url()}"><title>'
            f"{portrait.name} ({portrait.region.country.name})</title>",
            html=False,
        )
    assertNotContains(response, draft.get_absolute_url())
    assertNotContains(response, "Secret Draft Valley")


def test_a_marker_sits_at_the_cluster_coordinates(client, db):
    factories.make_cluster(latitude=48.1, longitude=11.6)

    content = client.get("/").content.decode()

    # Equirectangular, in tenths of a degree: x = (11.6 + 180) * 10,
    # y = (90 - 48.1) * 10.
    assert '<circle cx="1916.0" cy="419.0"' in content


def test_countries_are_shaded_by_their_number_of_published_portraits(client, db):
    germany = factories.make_region(country="DE")
    france = factories.make_region(country="FR")
    for _ in range(5):
        factories.make_cluster(region=germany)
    factories.make_cluster(region=france)
    factories.make_cluster(region=france, status="draft")

    content = client.get("/").content.decode()

    assert shade_of(content, "DE") == "map-shade-4"
    assert shade_of(content, "FR") == "map-shade-1"
    assert shade_of(content, "BR") == "map-shade-0"


@pytest.mark.parametrize(
    ("count", "shade"),
    [
        (0, "map-shade-0"),
        (1, "map-shade-1"),
        (2, "map-shade-2"),
        (3, "map-shade-3"),
        (4, "map-shade-3"),
        (5, "map-shade-4"),
        (70, "map-shade-4"),
    ],
)
def test_shades_follow_the_legend(count, shade):
    assert portal_map.shade_for(count) == shade


def test_the_map_has_a_legend_and_credits_natural_earth(client, cluster):
    response = client.get("/")

    assertContains(response, '<ul class="map-legend"')
    assertContains(response, "5 or more portraits")
    assertContains(response, "Made with Natural Earth")


def test_the_map_is_named_and_described_for_assistive_technology(client, cluster):
    content = client.get("/").content.decode()

    svg = re.search(r"<svg [^>]*>", content).group(0)
    assert 'role="group"' in svg
    assert 'aria-labelledby="world-map-title"' in svg
    assert 'aria-describedby="world-map-desc"' in svg
    assert '<title id="world-map-title">World map of the cluster portraits</title>' in (
        content
    )
    assert '<desc id="world-map-desc">' in content
    assert '<g class="map-countries" aria-hidden="true">' in content


def test_the_map_needs_no_script_and_no_outside_request(client, cluster):
    content = client.get("/").content.decode()
    map_html = content[content.index('<figure class="map"') :]
    map_html = map_html[: map_html.index("</details>")]

    assert "<script" not in map_html
    assert "http" not in map_html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_a_text_list_offers_the_same_portraits_by_country(client, cluster, draft):
    content = client.get("/").content.decode()
    listing = content[content.index('<details class="map-list">') :]
    listing = listing[: listing.index("</details>")]

    assert "The 1 portrait on this map, by country" in listing
    assert '<a href="/countries/de/">Germany</a> (1)' in listing
    assert f'<a href="{cluster.get_absolute_url()}">Munich Biotech</a>' in listing
    assert "Secret Draft Valley" not in listing


def test_the_country_page_zooms_to_the_country(client, cluster):
    australia = factories.make_cluster(
        name="Sydney Quantum",
        region=factories.make_region(country="AU"),
        latitude=-33.87,
        longitude=151.21,
    )

    response = client.get("/countries/de/")
    content = response.content.decode()

    left, top, width, height = view_box(content, "country-map")
    germany = portal_map.shapes_by_code()["DE"].focus
    assert left <= germany[0] and germany[2] <= left + width
    assert top <= germany[1] and germany[3] <= top + height
    assert width < 360 * portal_map.SCALE / 10
    assert shade_of(content, "DE") == "map-shade-1"
    assert shade_of(content, "AU") is None
    assertContains(response, f'href="{cluster.get_absolute_url()}"')
    assertNotContains(response, australia.get_absolute_url())
    assertContains(response, "Map of the cluster portraits in Germany")


def test_a_country_map_leaves_far_away_parts_out_of_view(client, db):
    factories.make_cluster(region=factories.make_region(country="FR"))

    content = client.get("/countries/fr/").content.decode()

    left, _top, width, _height = view_box(content, "country-map")
    # Metropolitan France is in view; French Guiana (about 53° west) is not.
    assert left > (180 - 53) * portal_map.SCALE
    assert width < 40 * portal_map.SCALE


def test_a_country_too_small_for_the_shapes_gets_a_map_around_its_portraits(client, db):
    singapore = factories.make_region(country="SG", latitude=1.35, longitude=103.8)
    factories.make_cluster(region=singapore, latitude=1.35, longitude=103.8)

    content = client.get("/countries/sg/").content.decode()

    left, top, width, height = view_box(content, "country-map")
    x, y = portal_map.project(1.35, 103.8)
    assert left < x < left + width
    assert top < y < top + height
    assert "map-marker" in content


def test_a_country_without_shape_or_portrait_shows_no_map(client, db):
    factories.make_country_profile(country="SG")

    response = client.get("/countries/sg/")

    assert response.status_code == 200
    assertNotContains(response, '<figure class="map"')


@pytest.mark.parametrize("count", [3, 30])
def test_the_markers_cost_two_queries_a_map(db, django_assert_num_queries, count):
    for _ in range(count):
        factories.make_cluster()
    template = Template("{% load maps %}{% world_map %}{% country_map 'DE' %}")

    with django_assert_num_queries(4):
        html = template.render(Context())

    assert html.count('class="map-marker"') == count * 2


@pytest.fixture
def few_markers(monkeypatch):
    """A map that draws at most three portraits a dot of their own."""
    monkeypatch.setattr(portal_map, "MAX_PORTRAIT_MARKERS", 3)


@pytest.fixture
def many_portraits(db):
    bavaria = factories.make_region(
        name="Upper Bavaria", country="DE", latitude=48.1, longitude=11.6
    )
    saxony = factories.make_region(
        name="Saxony", country="DE", latitude=51.0, longitude=13.4
    )
    brittany = factories.make_region(
        name="Brittany", country="FR", latitude=48.2, longitude=-2.9
    )
    for region, latitude, longitude in [
        (bavaria, 48.0, 11.0),
        (bavaria, 48.2, 12.0),
        (saxony, 51.0, 13.0),
        (brittany, 48.0, -3.0),
    ]:
        factories.make_cluster(region=region, latitude=latitude, longitude=longitude)
    factories.make_cluster(region=saxony, status="draft")
    return {"bavaria": bavaria, "saxony": saxony}


def render(source):
    return Template("{% load maps %}" + source).render(Context())


def test_beyond_the_limit_the_world_map_draws_a_dot_per_country(
    few_markers, many_portraits
):
    html = render("{% world_map %}")

    assert html.count('class="map-marker map-marker-group"') == 2
    assert '<a class="map-marker"' not in html
    assert (
        '<a class="map-marker map-marker-group" href="/countries/de/">'
        "<title>Germany: 3 portraits</title>"
    ) in html
    # In the middle of Germany's main area.
    left, top, right, bottom = portal_map.shapes_by_code()["DE"].focus
    assert (
        f'<circle cx="{(left + right) / 2:.1f}" cy="{(top + bottom) / 2:.1f}"' in html
    )
    assert "<title>France: 1 portrait</title>" in html
    assert shade_of(html, "DE") == "map-shade-3"
    assert "The 4 portraits on this map, by country" in html
    assert '<a href="/countries/de/">Germany</a> (3)' in html
    assert "the portraits of a country or region (links to its page)" in html


def test_a_country_too_small_for_the_shapes_has_its_dot_where_its_portraits_are(
    few_markers, many_portraits
):
    singapore = factories.make_region(country="SG", latitude=1.3, longitude=103.8)
    factories.make_cluster(region=singapore, latitude=1.2, longitude=103.6)
    factories.make_cluster(region=singapore, latitude=1.4, longitude=104.0)

    html = render("{% world_map %}")

    x, y = portal_map.project(1.3, 103.8)
    assert (
        '<a class="map-marker map-marker-group" href="/countries/sg/">'
        "<title>Singapore: 2 portraits</title>"
        f'<circle cx="{x:.1f}" cy="{y:.1f}"'
    ) in html


def test_beyond_the_limit_a_country_map_draws_a_dot_per_region(
    few_markers, many_portraits
):
    html = render("{% country_map 'DE' %}")

    bavaria = many_portraits["bavaria"]
    assert (
        f'<a class="map-marker map-marker-group" href="{bavaria.get_absolute_url()}">'
        "<title>Upper Bavaria: 2 portraits</title>"
    ) in html
    assert "<title>Saxony: 1 portrait</title>" in html
    assert '<a class="map-marker"' not in html
    assert f'<a href="{bavaria.get_absolute_url()}">Upper Bavaria</a> (2)' in html
    assert "each dot stands for the portraits of a region" in html


@pytest.mark.parametrize("extra", [0, 20])
def test_grouped_maps_cost_the_same_queries_whatever_the_data(
    few_markers, many_portraits, django_assert_num_queries, extra
):
    for _ in range(extra):
        factories.make_cluster(region=many_portraits["saxony"])

    # The world map: the capped portraits and the countries; the country map also
    # its regions.
    with django_assert_num_queries(5):
        render("{% world_map %}{% country_map 'DE' %}")


def test_the_shapes_are_read_once(db):
    assert portal_map.shapes() is portal_map.shapes()
    assert len(portal_map.shapes()) > 170


def write_geojson(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def square(west, south, size):
    return [
        [
            [west, south],
            [west + size, south],
            [west + size, south + size],
            [west, south + size],
            [west, south],
        ]
    ]


def feature(code, name, *polygons):
    return {
        "type": "Feature",
        "properties": {"ISO_A2": code, "NAME": name},
        "geometry": {"type": "MultiPolygon", "coordinates": list(polygons)},
    }


def test_the_build_command_writes_compact_shapes_with_a_focus(tmp_path):
    source = tmp_path / "countries.geojson"
    write_geojson(
        source,
        [
            feature(
                "FR",
                "France",
                square(-4, 42, 12),  # the mainland
                square(9, 41, 1),  # an island close by
                square(-54, 3, 3),  # a territory an ocean away
            ),
            feature("AQ", "Antarctica", square(0, -80, 10)),
            feature(None, "Unclaimed", square(30, 10, 1)),
        ],
    )
    output = tmp_path / "shapes.json"

    call_command("build_world_map", str(source), output=str(output))

    document = json.loads(output.read_text())
    assert document["attribution"] == "Made with Natural Earth"
    shapes = {shape["name"]: shape for shape in document["countries"]}
    assert set(shapes) == {"France", "Unclaimed"}
    france = shapes["France"]
    assert france["code"] == "FR"
    assert france["path"].startswith("M1760 480l120 0 0-120-120 0z")
    assert france["path"].count("M") == 3
    assert france["box"] == [1260, 360, 1900, 870]
    assert france["focus"] == [1760, 360, 1900, 490]
    assert shapes["Unclaimed"]["code"] is None


def test_the_build_command_reports_an_unreadable_source(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("build_world_map", str(tmp_path / "missing.geojson"))
