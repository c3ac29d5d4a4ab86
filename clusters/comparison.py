"""Side-by-side comparison of two to four clusters on every criterion."""

from dataclasses import dataclass, field

from django.core.validators import slug_re
from django.utils.translation import gettext as _

from .models import Assessment, Cluster, Criterion

MIN_CLUSTERS = 2
MAX_CLUSTERS = 4

# Bar colours of the chart, distinguishable for common colour blindness (Okabe-Ito),
# each with a contrast of at least 3:1 against white.
BAR_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]


@dataclass
class Selection:
    clusters: list
    unknown: list = field(default_factory=list)
    dropped: list = field(default_factory=list)

    @property
    def complete(self):
        return len(self.clusters) >= MIN_CLUSTERS


def clean_slugs(raw_values):
    """Distinct values in the order given, trimmed and lower-cased."""
    slugs = []
    for value in raw_values:
        slug = value.strip().lower()[:200]
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs


def is_slug(value):
    # Anything else names no cluster; PostgreSQL would even refuse some of it (NUL).
    return bool(slug_re.match(value))


def select_clusters(raw_values):
    """The published clusters named by `raw_values`, at most four, in the order given,
    and what was left out: unknown names and those beyond the fourth."""
    slugs = clean_slugs(raw_values)
    found = (
        Cluster.objects.published()
        .filter(slug__in=[slug for slug in slugs if is_slug(slug)])
        .for_cards()
        .in_bulk(field_name="slug")
    )
    known = [slug for slug in slugs if slug in found]
    return Selection(
        clusters=[found[slug] for slug in known[:MAX_CLUSTERS]],
        unknown=[slug for slug in slugs if slug not in found],
        dropped=[found[slug] for slug in known[MAX_CLUSTERS:]],
    )


def current_assessments(clusters):
    """{(cluster id, criterion id): the cluster's most recent assessment}."""
    assessments = (
        Assessment.objects.filter(cluster__in=clusters)
        .select_related("source")
        .order_by("cluster_id", "criterion_id", "-year")
    )
    current = {}
    for assessment in assessments:
        current.setdefault((assessment.cluster_id, assessment.criterion_id), assessment)
    return current


def comparison_rows(clusters):
    """One row per criterion: the criterion and each cluster's assessment or None."""
    current = current_assessments(clusters)
    return [
        {
            "criterion": criterion,
            "cells": [current.get((cluster.pk, criterion.pk)) for cluster in clusters],
        }
        for criterion in Criterion.objects.all()
    ]


def score_chart(clusters, rows):
    """Geometry of a grouped bar chart of the scores, drawn by the template as SVG.

    Criteria without any score among the clusters are left out; a missing score draws
    no bar and is labelled "n/a", never as a zero-length bar.
    """
    label_width, bar_height, gap, width = 250, 14, 12, 640
    plot_width = width - label_width - 40
    groups = []
    y = 30
    for row in rows:
        if not any(cell and cell.score is not None for cell in row["cells"]):
            continue
        bars = []
        for index, (cluster, cell) in enumerate(
            zip(clusters, row["cells"], strict=True)
        ):
            has_score = cell is not None and cell.score is not None
            bars.append(
                {
                    "cluster": cluster,
                    "score": cell.score if has_score else None,
                    "y": y + index * bar_height,
                    "width": round(plot_width * cell.score / 100, 1)
                    if has_score
                    else 0,
                    "colour": BAR_COLOURS[index],
                }
            )
        groups.append(
            {
                "criterion": row["criterion"],
                "y": y,
                "label_y": y + len(clusters) * bar_height / 2 + 4,
                "bars": bars,
            }
        )
        y += len(clusters) * bar_height + gap
    return {
        "groups": groups,
        "width": width,
        "height": y + 30,
        "label_width": label_width,
        "plot_width": plot_width,
        "axis_y": y,
        "ticks": [
            {"value": tick, "x": label_width + plot_width * tick / 100}
            for tick in (0, 25, 50, 75, 100)
        ],
        "legend": [
            {"cluster": cluster, "colour": BAR_COLOURS[index], "x": 10 + index * 155}
            for index, cluster in enumerate(clusters)
        ],
        "summary": chart_summary(clusters, groups),
    }


def chart_summary(clusters, groups):
    """A sentence per criterion, the text alternative of the chart."""
    sentences = []
    for group in groups:
        parts = [
            f"{bar['cluster'].name} {bar['score']:.0f}"
            if bar["score"] is not None
            else f"{bar['cluster'].name} {_('n/a')}"
            for bar in group["bars"]
        ]
        sentences.append(f"{_(group['criterion'].name)}: {', '.join(parts)}.")
    return " ".join(sentences)


def portrait_rows(cluster):
    """Every criterion with the cluster's most recent assessment or None, grouped by
    dimension; uses the assessments prefetched with the portrait."""
    current = {}
    for assessment in sorted(cluster.assessments.all(), key=lambda a: -a.year):
        current.setdefault(assessment.criterion_id, assessment)

    groups = {}
    for criterion in Criterion.objects.all():
        label = criterion.get_dimension_display()
        groups.setdefault(label, []).append(
            {"criterion": criterion, "assessment": current.get(criterion.pk)}
        )
    return list(groups.items())
