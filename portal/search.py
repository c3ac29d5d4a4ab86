"""The portal's one search service: portraits, countries, regions, fields, measures and
published cooperation requests, grouped by kind.

On PostgreSQL it is full-text search: the query is read like a web search box (quotes
for phrases, `or`, `-word`), documents are weighted (name above summary above the
portrait sections), results are ranked and their snippets highlighted. Other databases
(SQLite in development) get a plain fallback with the same interface: every word must
appear somewhere, matches in the name first.
"""

import logging
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from clusters.models import (
    REGION_NAME_VECTOR,
    REGION_SEARCH_VECTOR,
    SEARCH_CONFIG,
    Cluster,
    CountryProfile,
    Region,
    SupportMeasure,
    TechnologyField,
)
from cooperation.models import CooperationRequest

from . import fragments

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
SNIPPET_WORDS = 30

# ts_headline marks matches with these private-use characters; the text around them is
# escaped first and only then are they turned into <mark>, so stored text can never
# smuggle markup into a result page.
MARK_START = "\ue000"
MARK_STOP = "\ue001"

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")


def normalise(query):
    """The query as the search will read it: no control characters, single spaces,
    at most MAX_QUERY_LENGTH characters."""
    text = CONTROL_CHARACTERS.sub(" ", str(query or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def uses_full_text():
    return connection.vendor == "postgresql"


def words_of(query):
    """The plain words of a query, without the web-search syntax (quotes, `or`,
    `-word`) that only full-text search understands."""
    words = []
    for word in normalise(query).replace('"', " ").split():
        if word.lower() == "or" or word.startswith("-"):
            continue
        words.append(word)
    return words[:MAX_WORDS]


def web_query(query):
    # websearch_to_tsquery never raises a syntax error, whatever the visitor typed.
    return SearchQuery(normalise(query), search_type="websearch", config=SEARCH_CONFIG)


@dataclass(frozen=True)
class Searchable:
    """How one kind of record is searched: which text weighs what, what the snippet
    shows."""

    key: str
    label: str
    name_field: str
    weighted_fields: tuple  # (field, weight) pairs, weight "A" to "D"
    snippet_fields: tuple
    vector: object = None  # a stored, indexed vector column, if the kind has one

    def document(self):
        if self.vector is not None:
            return self.vector
        vectors = [
            SearchVector(name, weight=weight, config=SEARCH_CONFIG)
            for name, weight in self.weighted_fields
        ]
        document = vectors[0]
        for vector in vectors[1:]:
            document = document + vector
        return document

    @property
    def text_fields(self):
        return [name for name, _weight in self.weighted_fields]

    def snippet_source(self):
        if len(self.snippet_fields) == 1:
            return self.snippet_fields[0]
        parts = []
        for name in self.snippet_fields:
            parts += [name, Value(" ")]
        return Concat(*parts[:-1], output_field=TextField())


CLUSTERS = Searchable(
    key="clusters",
    label=_("Cluster portraits"),
    name_field="name",
    weighted_fields=(
        ("name", "A"),
        ("summary", "B"),
        ("international_attractiveness", "C"),
        ("thematic_strengths", "C"),
        ("actors_and_networks", "D"),
        ("developmental_dynamics", "D"),
    ),
    snippet_fields=(
        "summary",
        "international_attractiveness",
        "thematic_strengths",
        "actors_and_networks",
        "developmental_dynamics",
    ),
    # CLUSTER_SEARCH_VECTOR, stored by a trigger: ranking reads it, not the text.
    vector=F("search_vector"),
)
REGIONS = Searchable(
    key="regions",
    label=_("Regions"),
    name_field="name",
    weighted_fields=(("name", "A"), ("description", "B")),
    snippet_fields=("description",),
    vector=REGION_SEARCH_VECTOR,  # indexed as an expression
)
FIELDS = Searchable(
    key="fields",
    label=_("Technology fields"),
    name_field="name",
    weighted_fields=(("name", "A"), ("description", "B")),
    snippet_fields=("description",),
)
MEASURES = Searchable(
    key="measures",
    label=_("Supporting measures"),
    name_field="name",
    weighted_fields=(("name", "A"), ("description", "B")),
    snippet_fields=("description",),
)
REQUESTS = Searchable(
    key="requests",
    label=_("Cooperation requests"),
    name_field="title",
    weighted_fields=(("title", "A"), ("description", "B"), ("organisation", "C")),
    snippet_fields=("description",),
    # The weighted fields above, stored by a trigger (cooperation migration 0003).
    vector=F("search_vector"),
)


def match(queryset, query, searchable, extra=None):
    """`queryset` narrowed to what `query` finds, most relevant first, each row with a
    `search_snippet` (raw ts_headline output on PostgreSQL, None elsewhere).

    `extra` is a further Q that also counts as a match (such as the region's name).
    """
    if uses_full_text():
        return _match_full_text(queryset, query, searchable, extra)
    return _match_words(queryset, query, searchable, extra)


def _match_full_text(queryset, query, searchable, extra):
    search_query = web_query(query)
    condition = Q(search_document=search_query)
    if extra is not None:
        condition |= extra(search_query)
    return (
        queryset.alias(search_document=searchable.document())
        .filter(condition)
        .annotate(
            search_rank=SearchRank(searchable.document(), search_query),
            search_snippet=SearchHeadline(
                searchable.snippet_source(),
                search_query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-search_rank", searchable.name_field, "pk")
    )


def _match_words(queryset, query, searchable, extra):
    words = words_of(query)
    if not words:
        return queryset.none()

    fields = searchable.text_fields
    for word in words:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        if extra is not None:
            condition |= extra(word)
        queryset = queryset.filter(condition)

    # The more of the words the name holds, the higher the row ranks.
    name_hits = [
        Case(
            When(**{f"{searchable.name_field}__icontains": word}, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for word in words
    ]
    rank = name_hits[0]
    for hit in name_hits[1:]:
        rank = rank + hit
    return queryset.annotate(
        search_rank=rank, search_snippet=Value(None, output_field=TextField())
    ).order_by("-search_rank", searchable.name_field, "pk")


def _region_name_matches(term):
    """Clusters whose region's name matches also count as found."""
    if isinstance(term, SearchQuery):
        # Fetched first, so that the cluster query is a plain `region_id IN (...)`
        # that PostgreSQL can combine with the GIN index; a subquery here would make
        # it compute every portrait's document instead.
        region_ids = list(
            Region.objects.alias(search_document=REGION_NAME_VECTOR)
            .filter(search_document=term)
            .values_list("pk", flat=True)
        )
        return Q(region_id__in=region_ids)
    return Q(region__name__icontains=term)


def filter_clusters(queryset, query):
    """The cluster list's text search: the same matching and ranking as the search
    page."""
    return match(queryset, query, CLUSTERS, extra=_region_name_matches)


def filter_measures(queryset, query):
    return match(queryset, query, MEASURES)


def highlighted(raw_headline):
    """ts_headline output as safe HTML: the text escaped, the matches in <mark>."""
    text = escape(raw_headline)
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


def excerpt(text, words):
    """A fallback snippet: the words around the first match, matches in <mark>."""
    text = " ".join((text or "").split())
    lowered = text.lower()
    positions = [lowered.find(word.lower()) for word in words]
    positions = [position for position in positions if position >= 0]
    start = min(positions) if positions else 0

    # Start at a word boundary a few words before the first match.
    before = text[:start].split()
    lead = before[-5:] if positions else []
    window = " ".join([*lead, *text[start:].split()])
    shown = Truncator(window).words(SNIPPET_WORDS, truncate=" …")
    if lead and len(before) > len(lead):
        shown = "… " + shown

    escaped = escape(shown)
    if words:
        pattern = re.compile(
            "|".join(re.escape(escape(word)) for word in words), re.IGNORECASE
        )
        escaped = pattern.sub(lambda found: f"<mark>{found.group(0)}</mark>", escaped)
    return mark_safe(escaped)


@dataclass
class Hit:
    title: str
    url: str
    snippet: str = ""
    meta: str = ""
    object: object = None


@dataclass
class ResultGroup:
    key: str
    label: str
    count: int
    hits: list = field(default_factory=list)
    more_url: str = ""

    @property
    def has_more(self):
        return self.count > len(self.hits)


@dataclass
class SearchResults:
    query: str
    groups: list = field(default_factory=list)

    @property
    def total(self):
        return sum(group.count for group in self.groups)

    def __bool__(self):
        return self.total > 0


def snippet_for(row, searchable, words):
    if row.search_snippet is not None:
        return highlighted(row.search_snippet)
    text = " ".join(getattr(row, name) or "" for name in searchable.snippet_fields)
    return excerpt(text, words)


def _group(searchable, queryset, limit, words, describe, more_url=""):
    rows = list(queryset[:limit])
    count = len(rows) if len(rows) < limit else queryset.count()
    hits = [
        Hit(
            title=getattr(row, searchable.name_field),
            url=row.get_absolute_url(),
            snippet=snippet_for(row, searchable, words),
            meta=describe(row),
            object=row,
        )
        for row in rows
    ]
    return ResultGroup(
        key=searchable.key,
        label=searchable.label,
        count=count,
        hits=hits,
        more_url=more_url,
    )


def _describe_cluster(cluster):
    region = cluster.region
    return f"{cluster.get_kind_display()} · {region.name}, {region.country.name}"


def _describe_region(region):
    return str(region.country.name)


def _describe_field(technology_field):
    return ""


def _describe_measure(measure):
    return f"{measure.get_kind_display()} · {measure.country.name}"


def country_codes_with_pages():
    """The codes of the countries that have a page: a profile, a published portrait
    or a measure."""
    return set(
        Region.objects.filter(clusters__status=Cluster.Status.PUBLISHED)
        .values_list("country", flat=True)
        .order_by()
        .union(
            CountryProfile.objects.values_list("country", flat=True).order_by(),
            SupportMeasure.objects.values_list("country", flat=True).order_by(),
        )
    )


def _search_countries(words, limit):
    """Countries with a page whose name (in the current language) matches every
    word."""
    # The same for every search until the content changes.
    codes = fragments.cached("country-codes", country_codes_with_pages)
    # Each word must begin a word of the name: "land" finds no Netherlands.
    patterns = [re.compile(rf"\b{re.escape(word)}", re.IGNORECASE) for word in words]
    found = []
    for code in codes:
        country = Country(code=code)
        name = str(country.name)
        if all(pattern.search(name) for pattern in patterns):
            found.append(country)
    found.sort(key=lambda country: str(country.name))

    hits = [
        Hit(
            title=str(country.name),
            url=country_url(country),
            meta=str(_("Country")),
            object=country,
        )
        for country in found[:limit]
    ]
    return ResultGroup(
        key="countries", label=_("Countries"), count=len(found), hits=hits
    )


def country_url(country):
    return reverse("clusters:country-detail", args=[country.code.lower()])


def _describe_request(request):
    kind, topic = request.get_kind_display(), request.get_topic_display()
    return f"{kind} · {topic} · {request.organisation}, {request.country.name}"


def search(query, limit=10):
    """Everything `query` finds, grouped by kind, at most `limit` hits per kind (each
    group still counts all it found)."""
    text = normalise(query)
    results = SearchResults(query=text)
    words = words_of(text)
    if not words:
        return results

    list_query = urlencode({"q": text})
    published = Cluster.objects.published().select_related("region")
    clusters = filter_clusters(published, text)
    results.groups.append(
        _group(
            CLUSTERS,
            clusters,
            limit,
            words,
            _describe_cluster,
            more_url=f"{reverse('clusters:cluster-list')}?{list_query}",
        )
    )
    results.groups.append(_search_countries(words, limit))
    regions = match(Region.objects.with_published_clusters(), text, REGIONS)
    results.groups.append(_group(REGIONS, regions, limit, words, _describe_region))
    fields = match(TechnologyField.objects.all(), text, FIELDS)
    results.groups.append(_group(FIELDS, fields, limit, words, _describe_field))
    measures = filter_measures(SupportMeasure.objects.all(), text)
    results.groups.append(
        _group(
            MEASURES,
            measures,
            limit,
            words,
            _describe_measure,
            more_url=f"{reverse('clusters:measure-list')}?{list_query}",
        )
    )

    # Open requests only: published and not expired, as the board shows them.
    requests = match(CooperationRequest.objects.open_requests(), text, REQUESTS)
    results.groups.append(_group(REQUESTS, requests, limit, words, _describe_request))

    logger.debug("Search %r found %d results", text, results.total)
    return results
