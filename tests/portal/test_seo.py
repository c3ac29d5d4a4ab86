import html
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from tests import factories

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DEFAULT_DESCRIPTION = (
    "Portraits of the world&#x27;s leading technology clusters, compared by uniform "
    "criteria."
)


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://clusters.example.org"
    return settings.SITE_URL


def head_value(response, pattern):
    found = re.search(pattern, response.content.decode())
    return found.group(1) if found else None


def canonical(response):
    return html.unescape(head_value(response, r'<link rel="canonical" href="([^"]*)">'))


def meta_property(response, name):
    return head_value(response, rf'<meta property="{name}" content="([^"]*)">')


def description(response):
    return head_value(response, r'<meta name="description" content="([^"]*)">')


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    return [url.findtext(f"{SITEMAP}loc") for url in tree.iter(f"{SITEMAP}url")]


def test_the_sitemap_lists_every_public_page_kind(client, cluster, draft, site_url):
    factories.make_measure(slug="go-cluster")
    factories.make_country_profile(country="FR")

    locations = sitemap_locations(client)

    for path in [
        "/",
        "/clusters/",
        "/countries/",
        "/fields/",
        "/measures/",
        "/clusters/munich-biotech/",
        "/regions/upper-bavaria/",
        "/countries/de/",
        "/countries/fr/",
        "/fields/biotechnology/",
        "/measures/go-cluster/",
    ]:
        assert f"{site_url}{path}" in locations


def test_the_sitemap_leaves_drafts_and_their_regions_out(
    client, cluster, draft, site_url
):
    hidden = factories.make_region(slug="hidden-hollow", country="JP")
    factories.make_cluster(slug="hidden-draft", region=hidden, status="draft")

    locations = "\n".join(sitemap_locations(client))

    assert "secret-draft-valley" not in locations
    assert "hidden-draft" not in locations
    assert "hidden-hollow" not in locations
    assert "/countries/jp/" not in locations


def test_the_sitemap_gives_portraits_their_last_change(client, cluster):
    response = client.get("/sitemap.xml")

    assertContains(response, f"<lastmod>{cluster.updated.date().isoformat()}</lastmod>")


def test_robots_txt_allows_all_but_admin_and_points_at_the_sitemap(
    client, db, site_url
):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {site_url}/sitemap.xml",
    ]


def test_a_portrait_has_a_canonical_url_without_tracking_parameters(
    client, cluster, site_url
):
    response = client.get(
        "/clusters/munich-biotech/", {"utm_source": "newsletter", "fbclid": "x"}
    )

    assert canonical(response) == f"{site_url}/clusters/munich-biotech/"


def test_a_list_page_keeps_its_filters_in_the_canonical_url(client, cluster, site_url):
    response = client.get(
        "/clusters/",
        {"utm_campaign": "x", "kind": "cluster", "country": "DE", "q": "", "page": 1},
    )

    assert canonical(response) == f"{site_url}/clusters/?country=DE&kind=cluster"


def test_a_later_page_of_a_list_keeps_its_number(client, db, site_url):
    for _ in range(25):
        factories.make_cluster()

    response = client.get("/clusters/", {"page": "2", "ref": "mail"})

    assert canonical(response) == f"{site_url}/clusters/?page=2"


def test_the_search_page_keeps_its_query_in_the_canonical_url(
    client, cluster, site_url
):
    response = client.get("/search/", {"q": "munich", "gclid": "x"})

    assert canonical(response) == f"{site_url}/search/?q=munich"


def test_a_canonical_url_escapes_what_the_visitor_typed(client, cluster):
    response = client.get("/search/", {"q": '"><script>alert(1)</script>'})

    assertNotContains(response, "<script>alert(1)")
    assert "%3Cscript%3E" in canonical(response)


def test_a_portrait_has_open_graph_tags(client, cluster, site_url):
    response = client.get("/clusters/munich-biotech/?utm_source=x")

    assert meta_property(response, "og:title") == "Munich Biotech"
    assert meta_property(response, "og:description") == "A summary."
    assert meta_property(response, "og:type") == "article"
    assert meta_property(response, "og:url") == f"{site_url}/clusters/munich-biotech/"
    assert meta_property(response, "og:site_name") == "Global Cluster Portal"


def test_other_pages_are_open_graph_websites(client, cluster):
    response = client.get("/countries/de/")

    assert meta_property(response, "og:type") == "website"
    assert meta_property(response, "og:title") == "Germany"


def test_a_name_with_markup_is_escaped_once_in_title_and_tags(client, db):
    factories.make_cluster(slug="ampersand", name='R&D "Valley" <b>')

    response = client.get("/clusters/ampersand/")

    escaped = "R&amp;D &quot;Valley&quot; &lt;b&gt;"
    assertContains(response, f"<title>{escaped} · Global Cluster Portal</title>")
    assert meta_property(response, "og:title") == escaped


@pytest.mark.parametrize(
    "url",
    [
        "/clusters/",
        "/clusters/munich-biotech/",
        "/countries/",
        "/countries/de/",
        "/regions/upper-bavaria/",
        "/fields/",
        "/fields/biotechnology/",
        "/measures/",
        "/measures/go-cluster/",
        "/search/",
    ],
)
def test_every_page_kind_has_its_own_title_and_description(client, cluster, url):
    factories.make_measure(slug="go-cluster", description="A networking programme.")

    response = client.get(url)

    assert response.status_code == 200
    assert description(response) not in (None, "", DEFAULT_DESCRIPTION)
    assert meta_property(response, "og:description") == description(response)
    title = head_value(response, r"<title>([^<]*)</title>")
    assert title.endswith(" · Global Cluster Portal")
    assert title != "Global Cluster Portal · Global Cluster Portal"


def test_descriptions_come_from_the_content(client, cluster):
    factories.make_country_profile(innovation_context="A dense research landscape.")

    assert description(client.get("/countries/de/")) == "A dense research landscape."
    assert description(client.get("/fields/biotechnology/")) == "A field."


def test_the_language_switcher_works_without_javascript(client, cluster):
    response = client.get("/clusters/munich-biotech/")

    assertContains(
        response,
        '<form class="language-switcher" action="/i18n/setlang/" method="post">',
    )
    assertContains(
        response, '<input type="hidden" name="next" value="/clusters/munich-biotech/">'
    )
    assertContains(response, '<option value="de" lang="de">Deutsch</option>')
    assertContains(response, '<button type="submit">Change language</button>')
    assertContains(response, '<html lang="en">')


def test_switching_the_language_sets_html_lang(cluster):
    # The switcher carries no CSRF token, so that the pages it is on can be shared.
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/i18n/setlang/",
        {"language": "de", "next": "/clusters/munich-biotech/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/clusters/munich-biotech/"
    switched = client.get("/clusters/munich-biotech/")
    assertContains(switched, '<html lang="de">')
    assertContains(switched, '<option value="de" lang="de" selected>Deutsch</option>')


def test_switching_back_to_english(client, cluster):
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assertContains(client.get("/"), '<html lang="en">')


@pytest.mark.parametrize(
    "data",
    [
        {"language": "xx", "next": "/"},
        {"language": "<script>", "next": "/"},
        {"language": "de", "next": "https://evil.example/"},
        {"language": "de", "next": "//evil.example/"},
        {},
    ],
)
def test_the_language_switcher_shrugs_off_bad_input(client, db, data):
    response = client.post("/i18n/setlang/", data)

    assert response.status_code in (200, 302, 204)
    if response.status_code == 302:
        assert "evil.example" not in response["Location"]


def test_an_unknown_language_leaves_the_page_in_english(client, db):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    assertContains(client.get("/"), '<html lang="en">')
