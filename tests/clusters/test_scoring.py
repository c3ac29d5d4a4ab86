import pytest

from clusters.models import Criterion
from clusters.scoring import percentile_scores, recompute_all, stars_for
from tests import factories


def test_percentiles_run_from_worst_to_best():
    # Four values: ranks 0, 1, 2, 3 of 3 steps.
    assert percentile_scores([10, 40, 20, 30]) == [
        0,
        100,
        pytest.approx(100 / 3),
        pytest.approx(200 / 3),
    ]


def test_ties_share_the_mean_of_their_ranks():
    # 5 and 5 occupy ranks 1 and 2 of 0..3: both get 1.5 / 3 = 50.
    assert percentile_scores([1, 5, 5, 9]) == [0, 50, 50, 100]


def test_all_equal_values_score_in_the_middle():
    assert percentile_scores([2.5, 2.5, 2.5]) == [50, 50, 50]


def test_a_single_value_scores_fifty():
    assert percentile_scores([7]) == [50]


def test_lower_is_better_turns_the_ranking_round():
    assert percentile_scores([1, 2, 3], higher_is_better=False) == [100, 50, 0]


@pytest.mark.parametrize(
    ("measure", "stars"),
    [(1.249, 0), (1.25, 1), (1.4999, 1), (1.5, 2), (1.99, 2), (2.0, 3), (9, 3)],
)
def test_stars_at_the_edges_of_the_thresholds(measure, stars):
    assert stars_for(measure, [1.25, 1.5, 2.0]) == stars


def test_stars_when_lower_is_better():
    assert stars_for(1.0, [3, 2, 1], higher_is_better=False) == 3
    assert stars_for(2.5, [3, 2, 1], higher_is_better=False) == 1


def test_no_value_no_stars():
    assert stars_for(None, [1, 2, 3]) is None


@pytest.mark.django_db
class TestStoredScores:
    @pytest.fixture
    def criterion(self):
        return factories.make_criterion(
            star_basis=Criterion.StarBasis.VALUE, star_thresholds=[1.25, 1.5, 2.0]
        )

    def test_scores_are_stored_when_an_assessment_is_saved(self, criterion):
        low = factories.make_assessment(factories.make_cluster(), criterion, value=1.0)
        high = factories.make_assessment(factories.make_cluster(), criterion, value=2.0)

        low.refresh_from_db()
        high.refresh_from_db()
        assert (low.score, low.stars, low.compared_with) == (0, 0, 2)
        assert (high.score, high.stars, high.compared_with) == (100, 3, 2)

    def test_a_missing_value_is_left_out_not_counted_as_zero(self, criterion):
        measured = factories.make_cluster()
        factories.make_cluster()  # no assessment at all
        assessment = factories.make_assessment(measured, criterion, value=0.5)

        assessment.refresh_from_db()
        assert assessment.compared_with == 1
        assert assessment.score == 50

    def test_only_the_latest_year_is_scored(self, criterion):
        cluster = factories.make_cluster()
        old = factories.make_assessment(cluster, criterion, year=2015, value=9)
        new = factories.make_assessment(cluster, criterion, year=2018, value=1)

        old.refresh_from_db()
        new.refresh_from_db()
        assert old.score is None
        assert new.compared_with == 1

    def test_drafts_are_not_compared(self, criterion):
        published = factories.make_assessment(
            factories.make_cluster(), criterion, value=1
        )
        draft = factories.make_cluster(status="draft")
        factories.make_assessment(draft, criterion, value=5)

        published.refresh_from_db()
        assert published.compared_with == 1

    def test_deleting_an_assessment_rescores_the_rest(self, criterion):
        first = factories.make_assessment(factories.make_cluster(), criterion, value=1)
        second = factories.make_assessment(factories.make_cluster(), criterion, value=2)

        second.delete()

        first.refresh_from_db()
        assert (first.score, first.compared_with) == (50, 1)

    def test_publishing_a_cluster_rescores(self, criterion):
        published = factories.make_assessment(
            factories.make_cluster(), criterion, value=1
        )
        draft = factories.make_cluster(status="draft")
        factories.make_assessment(draft, criterion, value=5)

        draft.status = "published"
        draft.save()

        published.refresh_from_db()
        assert (published.score, published.compared_with) == (0, 2)

    def test_recompute_all_scores_everything(self, criterion):
        assessment = factories.make_assessment(factories.make_cluster(), criterion)
        type(assessment).objects.update(score=None, stars=None, compared_with=None)

        assert recompute_all() == 1
        assessment.refresh_from_db()
        assert assessment.score == 50
