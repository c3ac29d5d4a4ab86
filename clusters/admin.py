"""The editors' desk: every model of the portal, with publishing and history."""

import logging

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Actor,
    Assessment,
    Cluster,
    CountryProfile,
    Criterion,
    Partnership,
    QualityLabel,
    Region,
    Source,
    SupportMeasure,
    TechnologyField,
)

logger = logging.getLogger(__name__)

# Editors paste addresses without a scheme; assume the secure one, as Django 6 will.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class PortalAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS


class ActorInline(admin.TabularInline):
    model = Actor
    formfield_overrides = HTTPS_URLS
    extra = 1


class AssessmentInline(admin.TabularInline):
    model = Assessment
    extra = 0
    autocomplete_fields = ["criterion", "source"]
    readonly_fields = ["score"]


class QualityLabelInline(admin.TabularInline):
    model = QualityLabel
    extra = 0
    autocomplete_fields = ["source"]


class ClusterSourceInline(admin.TabularInline):
    model = Cluster.sources.through
    extra = 1
    autocomplete_fields = ["source"]
    verbose_name = _("source")
    verbose_name_plural = _("sources")


class PartnershipInline(admin.TabularInline):
    model = Partnership
    fk_name = "cluster"
    extra = 0
    autocomplete_fields = ["partner_cluster", "partner_region", "source"]


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin, PortalAdmin):
    list_display = ["name", "kind", "region", "country_name", "status", "updated"]
    list_filter = ["status", "kind", "featured", "region__country", "fields"]
    list_select_related = ["region"]
    search_fields = ["name", "slug", "summary", "region__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region"]
    date_hierarchy = "updated"
    actions = ["publish", "unpublish"]
    inlines = [
        ActorInline,
        AssessmentInline,
        QualityLabelInline,
        PartnershipInline,
        ClusterSourceInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "status", "featured"]}),
        (_("Location"), {"fields": ["region", "latitude", "longitude"]}),
        (_("Facts"), {"fields": ["founded", "website", "fields", "last_verified"]}),
        (
            _("Portrait"),
            {
                "fields": [
                    "summary",
                    "international_attractiveness",
                    "thematic_strengths",
                    "actors_and_networks",
                    "developmental_dynamics",
                ]
            },
        ),
    ]

    @admin.display(description=_("country"), ordering="region__country")
    def country_name(self, cluster):
        return cluster.region.country.name

    def change_status(self, request, queryset, status):
        # Saved one by one so every change lands in the history.
        changed = 0
        for cluster in queryset.exclude(status=status):
            cluster.status = status
            cluster.save(update_fields=["status", "updated"])
            changed += 1
        logger.info("%s set %d clusters to %s", request.user, changed, status)
        return changed

    @admin.action(description=_("Publish selected clusters"), permissions=["change"])
    def publish(self, request, queryset):
        changed = self.change_status(request, queryset, Cluster.Status.PUBLISHED)
        self.message_user(
            request,
            ngettext(
                "%d cluster was published.", "%d clusters were published.", changed
            )
            % changed,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish selected clusters (back to draft)"),
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        changed = self.change_status(request, queryset, Cluster.Status.DRAFT)
        self.message_user(
            request,
            ngettext(
                "%d cluster was set back to draft.",
                "%d clusters were set back to draft.",
                changed,
            )
            % changed,
            messages.SUCCESS,
        )


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin, PortalAdmin):
    list_display = ["name", "country", "nuts2_code", "cbsa_code", "updated"]
    list_filter = ["country"]
    search_fields = ["name", "slug", "nuts2_code", "cbsa_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sources"]


@admin.register(TechnologyField)
class TechnologyFieldAdmin(PortalAdmin):
    list_display = ["name", "slug", "parent"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CountryProfile)
class CountryProfileAdmin(PortalAdmin):
    list_display = ["country", "website", "updated"]
    search_fields = ["country", "innovation_context", "cluster_policy"]
    filter_horizontal = ["sources"]


@admin.register(Actor)
class ActorAdmin(PortalAdmin):
    list_display = ["name", "kind", "cluster"]
    list_filter = ["kind"]
    list_select_related = ["cluster"]
    search_fields = ["name", "role", "cluster__name"]
    autocomplete_fields = ["cluster"]


@admin.register(Partnership)
class PartnershipAdmin(PortalAdmin):
    list_display = ["cluster", "partner_cluster", "partner_region", "since"]
    list_select_related = ["cluster", "partner_cluster", "partner_region"]
    search_fields = ["cluster__name", "partner_cluster__name", "description"]
    autocomplete_fields = ["cluster", "partner_cluster", "partner_region", "source"]


@admin.register(Criterion)
class CriterionAdmin(PortalAdmin):
    list_display = ["name", "key", "dimension", "method", "unit", "position"]
    list_filter = ["dimension", "method"]
    search_fields = ["name", "key", "definition"]
    prepopulated_fields = {"key": ["name"]}


@admin.register(Assessment)
class AssessmentAdmin(PortalAdmin):
    list_display = ["cluster", "criterion", "year", "value", "score", "source"]
    list_filter = ["criterion", "year"]
    list_select_related = ["cluster", "criterion", "source"]
    search_fields = ["cluster__name", "criterion__name", "note"]
    autocomplete_fields = ["cluster", "criterion", "source"]
    readonly_fields = ["score"]


@admin.register(QualityLabel)
class QualityLabelAdmin(PortalAdmin):
    list_display = ["cluster", "label", "awarded", "valid_until"]
    list_filter = ["label", "awarded"]
    list_select_related = ["cluster"]
    search_fields = ["cluster__name"]
    autocomplete_fields = ["cluster", "source"]


@admin.register(SupportMeasure)
class SupportMeasureAdmin(PortalAdmin):
    list_display = ["name", "country", "kind", "start_year", "end_year"]
    list_filter = ["kind", "country"]
    list_select_related = ["region"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region", "clusters", "sources"]


@admin.register(Source)
class SourceAdmin(PortalAdmin):
    list_display = ["title", "publisher", "year", "accessed"]
    list_filter = ["year"]
    search_fields = ["title", "publisher", "url"]
