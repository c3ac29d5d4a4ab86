import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clusters.models import Assessment, Cluster, Partnership
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_cluster_slug_is_unique(cluster):
    with pytest.raises(IntegrityError):
        factories.make_cluster(slug=cluster.slug)


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(90.5, 0), (-91, 0), (0, 180.1), (0, -181)]
)
def test_coordinates_off_the_globe_are_refused_by_the_database(latitude, longitude):
    with pytest.raises(IntegrityError):
        factories.make_region(latitude=latitude, longitude=longitude)


def test_coordinates_at_the_poles_and_date_line_are_accepted():
    factories.make_cluster(latitude=90, longitude=-180)
    factories.make_cluster(latitude=-90, longitude=180)

    assert Cluster.objects.count() == 2


def test_one_assessment_per_cluster_criterion_and_year(cluster):
    criterion = factories.make_criterion()
    factories.make_assessment(cluster, criterion, year=2018)
    factories.make_assessment(cluster, criterion, year=2019)

    with pytest.raises(IntegrityError):
        factories.make_assessment(cluster, criterion, year=2018)


def test_a_partnership_names_exactly_one_partner(cluster, region):
    other = factories.make_cluster()
    source = factories.make_source()

    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.create(
            cluster=cluster,
            partner_cluster=other,
            partner_region=region,
            description="Both",
            source=source,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.create(cluster=cluster, description="None", source=source)


def test_a_cluster_cannot_partner_with_itself(cluster):
    with pytest.raises(IntegrityError):
        Partnership.objects.create(
            cluster=cluster,
            partner_cluster=cluster,
            description="Self",
            source=factories.make_source(),
        )


def test_a_measure_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        factories.make_measure(start_year=2015, end_year=2010)


def test_published_leaves_drafts_out(cluster, draft):
    assert list(Cluster.objects.published()) == [cluster]


def test_in_country_accepts_either_case(cluster):
    french = factories.make_cluster(region=factories.make_region(country="FR"))

    assert list(Cluster.objects.in_country("de")) == [cluster]
    assert list(Cluster.objects.in_country("FR")) == [french]


def test_source_urls_are_unique():
    factories.make_source(url="https://example.org/a")

    with pytest.raises(IntegrityError):
        factories.make_source(url="https://example.org/a")


def test_portrait_sections_come_in_the_fixed_order(cluster):
    titles = [str(title) for title, _text in cluster.sections]

    assert titles == [
        "International attractiveness",
        "Thematic areas of strength",
        "Actors and networks",
        "Developmental dynamics",
    ]


class TestEditorialRatings:
    @pytest.fixture
    def rating(self, cluster):
        criterion = factories.make_criterion(method="editorial")
        return Assessment(
            cluster=cluster,
            criterion=criterion,
            year=2026,
            value=4,
            note="Formal partnerships with clusters in three countries.",
            source=factories.make_source(),
        )

    def test_a_justified_whole_level_is_accepted(self, rating):
        rating.full_clean()

    @pytest.mark.parametrize("value", [0, 6, 3.5])
    def test_levels_outside_the_rubric_are_refused(self, rating, value):
        rating.value = value

        with pytest.raises(ValidationError, match="whole level from 1 to 5"):
            rating.full_clean()

    def test_a_rating_without_justification_is_refused(self, rating):
        rating.note = "  "

        with pytest.raises(ValidationError, match="written justification"):
            rating.full_clean()

    def test_quantitative_values_are_not_limited(self, rating):
        rating.criterion = factories.make_criterion()
        rating.value = 2.75
        rating.note = ""

        rating.full_clean()
