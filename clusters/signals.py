"""Keep stored scores true: any change to an assessment rescores its criterion."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Assessment, Cluster, Criterion
from .scoring import recompute_criterion, scoring_is_deferred


@receiver(post_save, sender=Assessment)
@receiver(post_delete, sender=Assessment)
def rescore_after_assessment_change(sender, instance, **kwargs):
    if scoring_is_deferred():
        return
    criterion = Criterion.objects.filter(pk=instance.criterion_id).first()
    if criterion is not None:
        recompute_criterion(criterion)


@receiver(post_save, sender=Criterion)
def rescore_after_criterion_change(sender, instance, created, **kwargs):
    # Thresholds or direction may have changed.
    if not created and not scoring_is_deferred():
        recompute_criterion(instance)


@receiver(post_save, sender=Cluster)
def rescore_after_cluster_change(sender, instance, **kwargs):
    # Publishing or withdrawing a portrait changes who is compared with whom.
    if scoring_is_deferred():
        return
    criteria = Criterion.objects.filter(assessments__cluster=instance).distinct()
    for criterion in criteria:
        recompute_criterion(criterion)
