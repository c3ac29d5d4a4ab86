"""One scoring method for every criterion and every cluster.

For each criterion, every cluster's most recent assessment is compared with the most
recent assessments of all other clusters that have a value: its score is the percentile
rank among them, and its stars follow the criterion's thresholds. A cluster without a
value is left out of the comparison ("n/a"), never counted as zero. Older assessments
keep their value but carry no score. docs/methodology.md states the same in words.
"""

import logging
from bisect import bisect_left, bisect_right
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from .models import Assessment, Cluster, Criterion

logger = logging.getLogger(__name__)

_deferred = ContextVar("scoring_deferred", default=False)

BULK_UPDATE_BATCH = 500


@contextmanager
def deferred_scoring():
    """Skip the per-save recomputation inside the block; the caller recomputes once
    at the end (bulk imports)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def scoring_is_deferred():
    return _deferred.get()


def percentile_scores(values, higher_is_better=True):
    """Percentile rank of each value among `values`, 0 (worst) to 100 (best).

    score = 100 * (worse + (ties - 1) / 2) / (n - 1), where `worse` counts the values
    strictly worse and `ties` the values equal to it (itself included), so tied values
    share the mean of the ranks they occupy. A single value scores 50.
    """
    count = len(values)
    if count == 1:
        return [50.0]

    ordered = sorted(values)
    scores = []
    for value in values:
        below = bisect_left(ordered, value)
        above = count - bisect_right(ordered, value)
        ties = count - below - above
        worse = below if higher_is_better else above
        scores.append(100 * (worse + (ties - 1) / 2) / (count - 1))
    return scores


def stars_for(measure, thresholds, higher_is_better=True):
    """How many of the ascending `thresholds` the measure reaches (0 to 3)."""
    if measure is None or not thresholds:
        return None
    if higher_is_better:
        return sum(1 for threshold in thresholds if measure >= threshold)
    return sum(1 for threshold in thresholds if measure <= threshold)


def latest_assessments(criterion):
    """Each published cluster's most recent assessment for the criterion."""
    latest = {}
    assessments = criterion.assessments.filter(
        cluster__status=Cluster.Status.PUBLISHED
    ).order_by("cluster_id", "-year")
    for assessment in assessments:
        latest.setdefault(assessment.cluster_id, assessment)
    return list(latest.values())


@transaction.atomic
def recompute_criterion(criterion):
    """Score and star the current assessments of one criterion; return how many."""
    current = latest_assessments(criterion)
    scores = percentile_scores(
        [assessment.value for assessment in current], criterion.higher_is_better
    )
    # A score already points the right way (100 is best); a raw value is compared
    # in the criterion's own direction.
    by_value = criterion.star_basis == Criterion.StarBasis.VALUE
    direction = criterion.higher_is_better if by_value else True

    changed = []
    for assessment, score in zip(current, scores, strict=True):
        measure = assessment.value if by_value else score
        result = (
            round(score, 1),
            stars_for(measure, criterion.star_thresholds, direction),
            len(current),
        )
        if (assessment.score, assessment.stars, assessment.compared_with) != result:
            assessment.score, assessment.stars, assessment.compared_with = result
            changed.append(assessment)
    # In batches: one UPDATE with a CASE branch per row slows down with the square of
    # the rows, and a criterion can have thousands.
    Assessment.objects.bulk_update(
        changed, ["score", "stars", "compared_with"], batch_size=BULK_UPDATE_BATCH
    )

    outdated = criterion.assessments.exclude(pk__in=[a.pk for a in current])
    outdated.exclude(score=None, stars=None, compared_with=None).update(
        score=None, stars=None, compared_with=None
    )
    return len(current)


def recompute_all():
    """Recompute every criterion; return the number of scored assessments."""
    total = 0
    for criterion in Criterion.objects.all():
        scored = recompute_criterion(criterion)
        logger.info("Scored %d clusters on %s", scored, criterion.key)
        total += scored
    return total
