"""The portal's domain: clusters, where they are, what they do, how they compare."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]
YEAR_VALIDATORS = [MinValueValidator(1800), MaxValueValidator(2100)]

# The text configuration of full-text search on PostgreSQL: the content is in English.
SEARCH_CONFIG = "english"

# What full-text search on PostgreSQL looks at in a portrait, weighted so that a match
# in the name ranks above one in the summary, above one in the portrait sections. On
# PostgreSQL a trigger stores this very expression in `Cluster.search_vector` on every
# insert and update (migration 0005), so that neither matching nor ranking has to
# compute it from the text at query time.
CLUSTER_SEARCH_VECTOR = (
    SearchVector("name", weight="A", config=SEARCH_CONFIG)
    + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
    + SearchVector(
        "international_attractiveness",
        "thematic_strengths",
        weight="C",
        config=SEARCH_CONFIG,
    )
    + SearchVector(
        "actors_and_networks",
        "developmental_dynamics",
        weight="D",
        config=SEARCH_CONFIG,
    )
)


# Regions are searched by name and description (the search page), and by name alone (a
# portrait is found by its region's name). Both expressions are indexed on PostgreSQL
# (migration 0006), so searching thousands of regions reads only the matching ones.
REGION_SEARCH_VECTOR = SearchVector(
    "name", weight="A", config=SEARCH_CONFIG
) + SearchVector("description", weight="B", config=SEARCH_CONFIG)
REGION_NAME_VECTOR = SearchVector("name", config=SEARCH_CONFIG)


def coordinate_constraints(prefix):
    """Database checks that keep a latitude/longitude pair on the globe."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__gte=-90, latitude__lte=90),
            name=f"{prefix}_latitude_range",
        ),
        models.CheckConstraint(
            condition=Q(longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_longitude_range",
        ),
    ]


class Source(models.Model):
    """A citation that portraits, regions, assessments and measures point to."""

    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, unique=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    accessed = models.DateField(_("accessed"), null=True, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        if self.publisher:
            return f"{self.title} ({self.publisher})"
        return self.title


class TechnologyField(TagBase):
    """A curated technology or industry field that clusters, measures and requests
    carry."""

    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent field"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("technology field")
        verbose_name_plural = _("technology fields")

    def get_absolute_url(self):
        return reverse("clusters:field-detail", args=[self.slug])


class TaggedCluster(TaggedItemBase):
    content_object = models.ForeignKey("Cluster", on_delete=models.CASCADE)
    tag = models.ForeignKey(
        TechnologyField, on_delete=models.CASCADE, related_name="tagged_clusters"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_cluster_field"
            )
        ]


class TaggedMeasure(TaggedItemBase):
    content_object = models.ForeignKey("SupportMeasure", on_delete=models.CASCADE)
    tag = models.ForeignKey(
        TechnologyField, on_delete=models.CASCADE, related_name="tagged_measures"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_measure_field"
            )
        ]


class CountryProfile(models.Model):
    """A country's research and innovation context and its national cluster policy."""

    country = CountryField(_("country"), unique=True)
    innovation_context = models.TextField(_("research and innovation context"))
    cluster_policy = models.TextField(_("national cluster policy"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="country_profiles"
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["country"]
        verbose_name = _("country profile")
        verbose_name_plural = _("country profiles")

    def __str__(self):
        return str(self.country.name)

    def get_absolute_url(self):
        return reverse("clusters:country-detail", args=[self.country.code.lower()])


class RegionQuerySet(models.QuerySet):
    def in_country(self, code):
        return self.filter(country=code.upper())

    def with_published_clusters(self):
        return self.filter(clusters__status=Cluster.Status.PUBLISHED).distinct()


class Region(models.Model):
    """A sub-national place where clusters are located."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    country = CountryField(_("country"), db_index=True)
    latitude = models.FloatField(_("latitude"), validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE_VALIDATORS)
    description = models.TextField(_("description"), blank=True)
    nuts2_code = models.CharField(
        _("NUTS 2 code"),
        max_length=4,
        blank=True,
        help_text=_("NUTS 2016 level-2 code, for European regions."),
    )
    cbsa_code = models.CharField(
        _("CBSA code"),
        max_length=5,
        blank=True,
        help_text=_("U.S. Core-Based Statistical Area code, for U.S. metro areas."),
    )
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="regions"
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[sources])

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = coordinate_constraints("region")
        indexes = [
            # Created on PostgreSQL only (see migration 0006).
            GinIndex(REGION_SEARCH_VECTOR, name="region_search_vector"),
            GinIndex(REGION_NAME_VECTOR, name="region_name_search_vector"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clusters:region-detail", args=[self.slug])


class ClusterQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Cluster.Status.PUBLISHED)

    def in_country(self, code):
        return self.filter(region__country=code.upper())

    def in_region(self, region):
        return self.filter(region=region)

    def with_field(self, field):
        return self.filter(fields=field)

    def for_cards(self):
        """What a list of cluster cards shows: region and fields, in a fixed number of
        queries."""
        return self.select_related("region").prefetch_related("fields")


class ClusterManager(models.Manager.from_queryset(ClusterQuerySet)):
    def get_queryset(self):
        # Only the database reads the stored search vector: fetching it with every
        # cluster would only make each row larger.
        return super().get_queryset().defer("search_vector")


class Cluster(models.Model):
    """A cluster portrait: a regional concentration or a cluster initiative."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Cluster")
        INITIATIVE = "initiative", _("Cluster initiative")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.CLUSTER
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="clusters",
    )
    latitude = models.FloatField(_("latitude"), validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE_VALIDATORS)
    founded = models.PositiveSmallIntegerField(
        _("founding year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    summary = models.TextField(_("summary"))
    international_attractiveness = models.TextField(
        _("international attractiveness"), blank=True
    )
    thematic_strengths = models.TextField(_("thematic areas of strength"), blank=True)
    actors_and_networks = models.TextField(_("actors and networks"), blank=True)
    developmental_dynamics = models.TextField(_("developmental dynamics"), blank=True)
    fields = TaggableManager(
        verbose_name=_("technology fields"),
        through=TaggedCluster,
        related_name="clusters",
        blank=True,
    )
    status = models.CharField(
        _("publication status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown on the home page.")
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="clusters"
    )
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # CLUSTER_SEARCH_VECTOR, kept up to date by a trigger on PostgreSQL; empty
    # elsewhere, where search matches words instead.
    search_vector = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(m2m_fields=[sources], excluded_fields=["search_vector"])

    objects = ClusterManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints = coordinate_constraints("cluster")
        indexes = [
            models.Index(fields=["status", "name"]),
            # Created on PostgreSQL only (see migration 0005).
            GinIndex(fields=["search_vector"], name="cluster_search_vector"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clusters:cluster-detail", args=[self.slug])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def country(self):
        return self.region.country

    @property
    def sections(self):
        """The four portrait sections in the order every portrait shows them."""
        return [
            (_("International attractiveness"), self.international_attractiveness),
            (_("Thematic areas of strength"), self.thematic_strengths),
            (_("Actors and networks"), self.actors_and_networks),
            (_("Developmental dynamics"), self.developmental_dynamics),
        ]


class Actor(models.Model):
    """An organisation active in a cluster."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        UNIVERSITY = "university", _("University")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        CLUSTER_MANAGEMENT = "cluster_management", _("Cluster management")
        PUBLIC_AGENCY = "public_agency", _("Public agency")
        NETWORK = "network", _("Network")

    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        related_name="actors",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    role = models.CharField(_("role"), max_length=300, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "name"], name="unique_actor_per_cluster"
            )
        ]

    def __str__(self):
        return self.name


class Partnership(models.Model):
    """An existing cooperation between a cluster and another cluster or a region."""

    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    partner_cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("partner cluster"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partnerships_as_partner",
    )
    partner_region = models.ForeignKey(
        Region,
        verbose_name=_("partner region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    description = models.TextField(_("description"))
    since = models.PositiveSmallIntegerField(
        _("since"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(partner_cluster__isnull=False, partner_region__isnull=True)
                    | Q(partner_cluster__isnull=True, partner_region__isnull=False)
                ),
                name="partnership_has_one_partner",
            ),
            models.CheckConstraint(
                condition=~Q(partner_cluster=models.F("cluster")),
                name="partnership_not_with_itself",
            ),
            models.UniqueConstraint(
                fields=["cluster", "partner_cluster"],
                name="unique_cluster_partnership",
            ),
        ]

    def __str__(self):
        return f"{self.cluster} / {self.partner}"

    @property
    def partner(self):
        return self.partner_cluster or self.partner_region


class Criterion(models.Model):
    """One uniform comparison indicator, measured the same way for every cluster."""

    class Dimension(models.TextChoices):
        INTERNATIONAL = "international", _("International attractiveness")
        THEMATIC = "thematic", _("Thematic strength")
        ACTORS = "actors", _("Actors and networks")
        DYNAMICS = "dynamics", _("Developmental dynamics")
        CONTEXT = "context", _("National context")

    class Method(models.TextChoices):
        QUANTITATIVE = "quantitative", _("Quantitative indicator")
        EDITORIAL = "editorial", _("Editorial rating")

    class StarBasis(models.TextChoices):
        VALUE = "value", _("the value itself")
        SCORE = "score", _("the percentile score")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    dimension = models.CharField(
        _("dimension"), max_length=20, choices=Dimension.choices
    )
    method = models.CharField(
        _("method"),
        max_length=20,
        choices=Method.choices,
        default=Method.QUANTITATIVE,
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    definition = models.TextField(_("definition"))
    measurement = models.TextField(_("how it is measured"), blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    reference_year = models.PositiveSmallIntegerField(
        _("reference year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    rubric = models.TextField(
        _("rubric"), blank=True, help_text=_("For editorial ratings: each level.")
    )
    star_basis = models.CharField(
        _("stars are awarded by"),
        max_length=10,
        choices=StarBasis.choices,
        default=StarBasis.SCORE,
    )
    star_thresholds = models.JSONField(
        _("star thresholds"),
        default=list,
        blank=True,
        help_text=_(
            "Ascending values for one, two and three stars, compared with the value "
            "or the score."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        # The names come from clusters/criteria.py, marked there for translation.
        return gettext(self.name)


class Assessment(models.Model):
    """One cluster's value for one criterion in one year, with its source."""

    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.FloatField(_("value"))
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    note = models.TextField(_("note"), blank=True)
    score = models.FloatField(
        _("score"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Percentile among the clusters with a value, 0 to 100."),
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), null=True, blank=True, editable=False
    )
    compared_with = models.PositiveIntegerField(
        _("clusters compared"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("How many clusters have a value for this criterion."),
    )

    class Meta:
        ordering = ["criterion__position", "-year"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "criterion", "year"],
                name="one_assessment_per_cluster_criterion_year",
            )
        ]

    def __str__(self):
        return f"{self.cluster}: {self.criterion} {self.year}"

    def clean(self):
        criterion = getattr(self, "criterion", None)
        if criterion is None or criterion.method != Criterion.Method.EDITORIAL:
            return
        errors = {}
        if self.value is not None and (
            self.value != int(self.value) or not 1 <= self.value <= 5
        ):
            errors["value"] = _("An editorial rating is a whole level from 1 to 5.")
        if not self.note.strip():
            errors["note"] = _("An editorial rating needs a written justification.")
        if errors:
            raise ValidationError(errors)


class QualityLabel(models.Model):
    """A quality label awarded to a cluster's management organisation."""

    class Label(models.TextChoices):
        ESCA_BRONZE = "esca-bronze", _("ESCA Bronze Label")
        ESCA_SILVER = "esca-silver", _("ESCA Silver Label")
        ESCA_GOLD = "esca-gold", _("ESCA Gold Label")
        GO_CLUSTER = "go-cluster", _("go-cluster member")

    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        related_name="quality_labels",
    )
    label = models.CharField(_("label"), max_length=30, choices=Label.choices)
    awarded = models.PositiveSmallIntegerField(
        _("year awarded"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="quality_labels",
    )

    class Meta:
        ordering = ["-awarded"]
        verbose_name = _("quality label")
        verbose_name_plural = _("quality labels")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "label", "awarded"], name="unique_quality_label"
            )
        ]

    def __str__(self):
        return self.get_label_display()

    @property
    def is_valid(self):
        return self.valid_until is None or self.valid_until >= timezone.localdate()


class SupportMeasureQuerySet(models.QuerySet):
    def in_country(self, code):
        return self.filter(country=code.upper())


class SupportMeasure(models.Model):
    """A programme or policy that supports clusters."""

    class Kind(models.TextChoices):
        FUNDING = "funding", _("Funding")
        NETWORKING = "networking", _("Networking")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure")
        INTERNATIONALISATION = "internationalisation", _("Internationalisation")
        POLICY = "policy", _("Policy")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    country = CountryField(_("country"), db_index=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    description = models.TextField(_("description"))
    website = models.URLField(_("website"), max_length=500, blank=True)
    fields = TaggableManager(
        verbose_name=_("technology fields"),
        through=TaggedMeasure,
        related_name="measures",
        blank=True,
    )
    clusters = models.ManyToManyField(
        Cluster,
        verbose_name=_("supported clusters"),
        blank=True,
        related_name="measures",
    )
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="measures"
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = SupportMeasureQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("supporting measure")
        verbose_name_plural = _("supporting measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="measure_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clusters:measure-detail", args=[self.slug])
