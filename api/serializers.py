"""What the API shows of each record: public content only, never drafts or contacts."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import (
    Actor,
    Assessment,
    Cluster,
    QualityLabel,
    Region,
    Source,
    SupportMeasure,
    TechnologyField,
)
from cooperation.models import CooperationRequest


class PageUrlField(serializers.Field):
    """The absolute address of the record's public page."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        url = value.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


extend_schema_field(OpenApiTypes.URI)(PageUrlField)


class SlugListField(serializers.ListField):
    """The slugs of a related list, e.g. the technology fields of a cluster, sorted
    so that answers are stable."""

    child = serializers.SlugField()

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return sorted(item.slug for item in manager.all())


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["title", "publisher", "url", "year", "accessed"]


class CountryFields(serializers.Serializer):
    """The ISO code and English name of a record's `country`."""

    country = serializers.CharField(source="country.code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)


class RegionReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["slug", "name"]


class AssessmentSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.key", read_only=True)
    criterion_name = serializers.CharField(source="criterion.name", read_only=True)
    unit = serializers.CharField(source="criterion.unit", read_only=True)
    source = SourceSerializer(read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "criterion",
            "criterion_name",
            "unit",
            "year",
            "value",
            "score",
            "stars",
            "compared_with",
            "note",
            "source",
        ]


class ClusterSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="region.country.code", read_only=True)
    country_name = serializers.CharField(source="region.country.name", read_only=True)
    region = RegionReferenceSerializer(read_only=True)
    fields = SlugListField()
    url = PageUrlField()
    assessments = AssessmentSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = Cluster
        fields = [
            "slug",
            "name",
            "kind",
            "country",
            "country_name",
            "region",
            "latitude",
            "longitude",
            "founded",
            "website",
            "fields",
            "summary",
            "url",
            "updated",
            "assessments",
            "sources",
        ]


class ActorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["name", "kind", "role", "website"]


class QualityLabelSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_label_display", read_only=True)
    source = SourceSerializer(read_only=True)

    class Meta:
        model = QualityLabel
        fields = ["label", "name", "awarded", "valid_until", "source"]


class PartnerSerializer(serializers.Serializer):
    """One cooperation of the cluster, seen from the cluster: who the partner is."""

    partner_cluster = serializers.SlugField(allow_null=True)
    partner_region = serializers.SlugField(allow_null=True)
    partner_name = serializers.CharField()
    description = serializers.CharField()
    since = serializers.IntegerField(allow_null=True)
    source = SourceSerializer()


class ClusterDetailSerializer(ClusterSerializer):
    actors = ActorSerializer(many=True, read_only=True)
    quality_labels = QualityLabelSerializer(many=True, read_only=True)
    partners = serializers.SerializerMethodField()
    measures = SlugListField()

    class Meta(ClusterSerializer.Meta):
        fields = [
            *ClusterSerializer.Meta.fields,
            "international_attractiveness",
            "thematic_strengths",
            "actors_and_networks",
            "developmental_dynamics",
            "actors",
            "quality_labels",
            "partners",
            "measures",
        ]

    @extend_schema_field(PartnerSerializer(many=True))
    def get_partners(self, cluster):
        # The view prefetches only partnerships with published partners, both ways.
        outgoing = [
            {
                "partner_cluster": getattr(p.partner_cluster, "slug", None),
                "partner_region": getattr(p.partner_region, "slug", None),
                "partner_name": str(p.partner),
                "description": p.description,
                "since": p.since,
                "source": p.source,
            }
            for p in cluster.partnerships.all()
        ]
        incoming = [
            {
                "partner_cluster": p.cluster.slug,
                "partner_region": None,
                "partner_name": p.cluster.name,
                "description": p.description,
                "since": p.since,
                "source": p.source,
            }
            for p in cluster.partnerships_as_partner.all()
        ]
        return PartnerSerializer(outgoing + incoming, many=True).data


class RegionSerializer(CountryFields, serializers.ModelSerializer):
    clusters = SlugListField(help_text="Slugs of the published clusters here.")
    url = PageUrlField()
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = Region
        fields = [
            "slug",
            "name",
            "country",
            "country_name",
            "latitude",
            "longitude",
            "nuts2_code",
            "cbsa_code",
            "description",
            "clusters",
            "url",
            "updated",
            "sources",
        ]


class TechnologyFieldSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    children = SlugListField()
    url = PageUrlField()

    class Meta:
        model = TechnologyField
        fields = ["slug", "name", "description", "parent", "children", "url"]


class SupportMeasureSerializer(CountryFields, serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    fields = SlugListField()
    clusters = SlugListField(help_text="Slugs of the published clusters it supports.")
    url = PageUrlField()
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = SupportMeasure
        fields = [
            "slug",
            "name",
            "kind",
            "country",
            "country_name",
            "region",
            "start_year",
            "end_year",
            "website",
            "fields",
            "clusters",
            "description",
            "url",
            "updated",
            "sources",
        ]


class CountryProfileSerializer(serializers.Serializer):
    innovation_context = serializers.CharField()
    cluster_policy = serializers.CharField()
    website = serializers.URLField()
    updated = serializers.DateTimeField()
    sources = SourceSerializer(many=True)


class CountrySerializer(serializers.Serializer):
    """A country with content on the portal: its counts and, if written, its
    profile."""

    code = serializers.CharField(source="country.code")
    name = serializers.CharField(source="country.name")
    cluster_count = serializers.IntegerField(source="clusters")
    measure_count = serializers.IntegerField(source="measures")
    profile = CountryProfileSerializer(allow_null=True)
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, row):
        url = reverse("clusters:country-detail", args=[row["country"].code.lower()])
        return self.context["request"].build_absolute_uri(url)


class CooperationRequestSerializer(CountryFields, serializers.ModelSerializer):
    """An open request as the board shows it, without the poster's name, address or
    private link."""

    target_countries = serializers.SerializerMethodField(
        help_text="ISO codes of the countries where partners are sought; empty means "
        "anywhere."
    )
    fields = SlugListField()
    clusters = SlugListField(help_text="Slugs of the related published clusters.")
    published = serializers.DateTimeField(source="published_at", read_only=True)
    url = PageUrlField()

    class Meta:
        model = CooperationRequest
        fields = [
            "id",
            "kind",
            "topic",
            "title",
            "description",
            "organisation",
            "organisation_type",
            "country",
            "country_name",
            "target_countries",
            "fields",
            "clusters",
            "published",
            "expires",
            "url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_target_countries(self, cooperation_request):
        return sorted(country.code for country in cooperation_request.target_countries)
