import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: cached page fragments, rate limits and
    sessions of one test must not leak into the next, whose database differs."""
    cache.clear()


@pytest.fixture
def region(db):
    return factories.make_region(name="Upper Bavaria", slug="upper-bavaria")


@pytest.fixture
def field(db):
    return factories.make_field(name="Biotechnology", slug="biotechnology")


@pytest.fixture
def cluster(db, region, field):
    cluster = factories.make_cluster(
        name="Munich Biotech", slug="munich-biotech", region=region, fields=[field]
    )
    factories.make_actor(cluster, name="Technical University of Munich")
    return cluster


@pytest.fixture
def draft(db, region, field):
    return factories.make_cluster(
        name="Secret Draft Valley",
        slug="secret-draft-valley",
        region=region,
        fields=[field],
        status="draft",
    )
