import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains

from clusters.models import Cluster
from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["/feeds/clusters/new/", "/feeds/clusters/updated/"]


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://clusters.example.org"
    return settings.SITE_URL


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_titles(feed):
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def set_dates(cluster, created, updated):
    # `updated` is set on every save, so both dates are written past save().
    Cluster.objects.filter(pk=cluster.pk).update(created=created, updated=updated)


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_list_published_portraits_only(client, cluster, draft, url):
    feed = parse(client.get(url))

    assert entry_titles(feed) == ["Munich Biotech"]


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_are_valid_atom(client, cluster, site_url, url):
    cluster.summary = "Biotech <b>&</b> medicine"
    cluster.save()

    feed = parse(client.get(url))

    assert feed.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{element}")
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Global Cluster Portal"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{site_url}{url}"
    datetime.datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))

    entry = feed.find(f"{ATOM}entry")
    portrait = f"{site_url}/clusters/munich-biotech/"
    assert entry.findtext(f"{ATOM}id") == portrait
    assert entry.find(f"{ATOM}link[@rel='alternate']").get("href") == portrait
    datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # The plain-text summary is escaped as HTML: a reader shows it, not renders it.
    assert summary.text == "Biotech &lt;b&gt;&amp;&lt;/b&gt; medicine"
    assert [category.get("term") for category in entry.iter(f"{ATOM}category")] == [
        "Biotechnology"
    ]


def test_each_feed_has_an_id_of_its_own(client, cluster):
    ids = {parse(client.get(url)).findtext(f"{ATOM}id") for url in FEEDS}

    assert len(ids) == 2


def test_the_new_feed_puts_the_newest_portrait_first(client, db):
    now = timezone.now()
    older = factories.make_cluster(name="Older")
    newer = factories.make_cluster(name="Newer")
    set_dates(older, created=now - datetime.timedelta(days=30), updated=now)
    set_dates(newer, created=now - datetime.timedelta(days=1), updated=now)

    feed = parse(client.get("/feeds/clusters/new/"))

    assert entry_titles(feed) == ["Newer", "Older"]


def test_the_updated_feed_puts_the_latest_change_first(client, db):
    now = timezone.now()
    old_but_revised = factories.make_cluster(name="Old but revised")
    new_untouched = factories.make_cluster(name="New, untouched")
    set_dates(
        old_but_revised,
        created=now - datetime.timedelta(days=300),
        updated=now - datetime.timedelta(hours=1),
    )
    set_dates(
        new_untouched,
        created=now - datetime.timedelta(days=2),
        updated=now - datetime.timedelta(days=2),
    )

    feed = parse(client.get("/feeds/clusters/updated/"))

    assert entry_titles(feed) == ["Old but revised", "New, untouched"]


def test_an_empty_portal_still_has_valid_feeds(client, db):
    for url in FEEDS:
        assert entry_titles(parse(client.get(url))) == []


@pytest.mark.parametrize("url", ["/", "/clusters/", "/clusters/munich-biotech/"])
def test_every_page_links_the_feeds_in_its_head(client, cluster, url):
    response = client.get(url)

    assertContains(
        response,
        '<link rel="alternate" type="application/atom+xml" '
        'title="New cluster portraits" href="/feeds/clusters/new/">',
    )
    assertContains(
        response,
        '<link rel="alternate" type="application/atom+xml" '
        'title="Updated cluster portraits" href="/feeds/clusters/updated/">',
    )
