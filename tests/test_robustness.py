"""Hostile input at every public page and form never causes a server error.

Hypothesis throws arbitrary strings, markup, huge values, wrong types and unknown
parameters at every route of the site (the admin's aside; its login form is tested)
and at every public form, on a small data set, and asserts each answer is < 500.
New pages and filters are covered as they are added: the routes come from the URL
resolver, the parameter names from each view's FilterSet and form.
"""

import os
import re
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cooperation.forms import (
    CooperationRequestEditForm,
    CooperationRequestForm,
    ReplyForm,
    SubscriptionForm,
)
from cooperation.models import CooperationRequest
from tests import factories

pytestmark = pytest.mark.django_db

# Examples per list page and form; `make fuzz` runs many more than the suite.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
        HealthCheck.too_slow,
    ],
)

HOSTILE_TEXTS = [
    "",
    " ",
    "\x00",
    "%00",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE clusters_cluster; --",
    "../../../../etc/passwd",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "${7*7}",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "-9223372036854775809",
    "2024-02-30",
    "de",
    "DE",
    "XX",
    "☃‮\u200b",
    "\r\nSet-Cookie: x=1",
    "a" * 10_000,
]

# Values that try many things at once, for a sweep of every parameter: markup, SQL,
# template syntax, right-to-left and zero-width characters and a number too long for
# any column; then a NUL among 10,000 digits.
POINTED_TEXTS = [
    "<script>alert('x')</script>' OR 1=1 -- {{ x }} {% now %} ü☃\u202e\u200b "
    "99999999999999999999999",
    "\x00" + "9" * 10_000,
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXTS),
    st.sampled_from(HOSTILE_TEXTS),
    st.text(max_size=120),
    st.integers().map(str),
    st.floats().map(str),
)
hostile_values = st.lists(hostile_text, min_size=1, max_size=3)

# Parameter names used somewhere on the site, besides those of each view's FilterSet
# and form: a filter on one page is an unknown parameter on the next.
COMMON_PARAMETERS = [
    "q",
    "c",
    "page",
    "page_size",
    "sort",
    "ordering",
    "format",
    "country",
    "region",
    "field",
    "kind",
    "topic",
    "target",
    "criterion",
    "min_stars",
    "language",
    "next",
    "action",
    "limit",
    "offset",
    "cursor",
]


def view_class(callback):
    # Class-based views, DRF viewsets and feeds expose their class differently.
    return (
        getattr(callback, "view_class", None)
        or getattr(callback, "cls", None)
        or callback
    )


def own_parameter_names(callback):
    """The names of the view's FilterSet filters and form fields."""
    view = view_class(callback)
    names = set()
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        names |= set(filterset_class.base_filters)
    form_class = getattr(view, "form_class", None)
    if form_class is not None:
        names |= set(form_class.base_fields)
    return sorted(names)


def group_regex(regex, name):
    """The sub-pattern of the named group `name` in a compiled regex."""
    source = regex.pattern
    start = source.index(f"(?P<{name}>") + len(f"(?P<{name}>")
    depth = 0
    for position in range(start, len(source)):
        if source[position] == "(" and source[position - 1] != "\\":
            depth += 1
        elif source[position] == ")" and source[position - 1] != "\\":
            if depth == 0:
                return source[start:position]
            depth -= 1
    raise ValueError(f"unbalanced group {name} in {source}")


def route_arguments(pattern):
    """The path arguments of a route, each with the regex its values must match."""
    if isinstance(pattern, RoutePattern):
        return {name: conv.regex for name, conv in pattern.converters.items()}
    return {name: group_regex(pattern.regex, name) for name in pattern.regex.groupindex}


def public_routes(patterns=None, namespace=""):
    """(URL name, callback, path arguments) of every route but the admin's."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    routes = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            routes += public_routes(entry.url_patterns, inner)
            continue
        if entry.name is None:
            continue
        name = f"{namespace}:{entry.name}" if namespace else entry.name
        routes.append((name, entry.callback, route_arguments(entry.pattern)))
    return routes


ROUTES = public_routes()
ROUTE_IDS = [name for name, _, _ in ROUTES]

# The list pages, whose filters take the most input, on a real page of the data set.
LIST_PAGES = {
    "clusters:cluster-list": {},
    "clusters:measure-list": {},
    "clusters:country-detail": {"code": "DE"},
    "clusters:field-detail": {"slug": "biotech"},
    "clusters:region-detail": {"slug": "upper-bavaria"},
    "clusters:compare": {},
    "cooperation:request-list": {},
    "api:cluster-list": {},
    "api:measure-list": {},
    "api:region-list": {},
    "api:field-list": {},
    "api:country-list": {},
    "search": {},
}


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits count in the cache; leave none used for the tests after these."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    """A small site: published and draft portraits, an assessed criterion, a region,
    fields, a measure, a country profile, requests with their links, an alert."""
    parent = factories.make_field(name="Life sciences", slug="life-sciences")
    field = factories.make_field(name="Biotech", slug="biotech", parent=parent)
    region = factories.make_region(name="Upper Bavaria", slug="upper-bavaria")
    cluster = factories.make_cluster(
        name="Munich Biotech", slug="munich-biotech", region=region, fields=[field]
    )
    other = factories.make_cluster(name="Lyon Biopole", slug="lyon-biopole")
    draft = factories.make_cluster(slug="draft-valley", status="draft")
    criterion = factories.make_criterion(key="lq")
    factories.make_assessment(cluster, criterion, value=1.5)
    factories.make_assessment(other, criterion, value=0.5)
    measure = factories.make_measure(slug="go-cluster")
    measure.fields.set([field])
    measure.clusters.add(cluster)
    factories.make_country_profile(country="DE")
    open_request = factories.make_cooperation_request(
        fields=[field], clusters=[cluster], target_countries=["FR"]
    )
    pending = factories.make_cooperation_request(
        status=CooperationRequest.Status.PENDING
    )
    factories.make_reply(open_request)
    subscription = factories.make_subscription(field=field)

    return {
        "slug": [
            cluster.slug,
            region.slug,
            field.slug,
            measure.slug,
            draft.slug,
        ],
        "code": ["DE", "de", "FR", "ZZ"],
        "pk": [open_request.pk, pending.pk],
        "token": [open_request.manage_token, pending.manage_token, subscription.token],
        "request": open_request,
        "pending": pending,
    }


def path_for(data, site, name, arguments):
    """Draws a value for each path argument, a real one or any that fits, and
    builds the path; arguments that no URL could carry are skipped."""
    kwargs = {}
    for argument, regex in arguments.items():
        real = site.get(argument) or []
        strategies = [st.from_regex(f"\\A(?:{regex})\\Z"), st.text(min_size=1)]
        if real:
            strategies.insert(0, st.sampled_from(real))
        kwargs[argument] = data.draw(st.one_of(*strategies), label=argument)
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        assume(False)


def consume(response):
    """Reads a streamed body too: an error while streaming is a server error."""
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response.status_code


def query_for(data, callback):
    """One or two parameters with hostile values, mostly the page's own: the rest
    of the query stays empty, so a filter is not skipped for another's bad value."""
    own = st.sampled_from(own_parameter_names(callback) or COMMON_PARAMETERS)
    name = st.one_of(own, own, own, own, st.sampled_from(COMMON_PARAMETERS), st.text())
    return data.draw(
        st.dictionaries(name, hostile_values, min_size=1, max_size=2), label="query"
    )


@pytest.mark.parametrize(("name", "callback", "arguments"), ROUTES, ids=ROUTE_IDS)
@settings(fuzz, max_examples=max(3, EXAMPLES // 5))
@given(data=st.data())
def test_no_query_string_breaks_a_page(client, site, name, callback, arguments, data):
    path = path_for(data, site, name, arguments)

    response = client.get(path, query_for(data, callback))

    assert consume(response) < 500


def list_page(name):
    """The path and view of a list page, or a skip when the site has no such page."""
    if name not in ROUTE_IDS:
        pytest.skip(f"{name} is not among the routes")
    _, callback, _ = ROUTES[ROUTE_IDS.index(name)]
    return reverse(name, kwargs=LIST_PAGES[name]), callback


@pytest.mark.parametrize("name", LIST_PAGES)
@fuzz
@given(data=st.data())
def test_no_filter_input_breaks_a_list_page(client, site, name, data):
    path, callback = list_page(name)

    response = client.get(path, query_for(data, callback))

    assert consume(response) < 500


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_parameter_of_a_list_page_takes_pointed_values(client, site, name):
    path, callback = list_page(name)

    for parameter in own_parameter_names(callback) or COMMON_PARAMETERS:
        for text in POINTED_TEXTS:
            response = client.get(path, {parameter: text})
            assert consume(response) < 500, (parameter, text[:40])


@pytest.mark.parametrize(("name", "callback", "arguments"), ROUTES, ids=ROUTE_IDS)
@settings(fuzz, max_examples=max(2, EXAMPLES // 10))
@given(data=st.data())
def test_no_posted_form_breaks_a_page(client, site, name, callback, arguments, data):
    path = path_for(data, site, name, arguments)
    fields = query_for(data, callback)
    cache.clear()  # past the rate limits, to where the input is used

    response = client.post(path, fields)

    assert consume(response) < 500


def test_every_public_page_is_among_the_fuzzed_routes():
    names = {name for name, _, _ in ROUTES}

    assert {
        "home",
        "clusters:cluster-list",
        "clusters:cluster-detail",
        "clusters:country-detail",
        "clusters:region-detail",
        "clusters:field-detail",
        "clusters:measure-list",
        "clusters:compare",
        "cooperation:request-list",
        "cooperation:request-create",
        "cooperation:request-detail",
        "cooperation:subscription-create",
        "api:cluster-list",
    } <= names


@settings(fuzz, max_examples=max(5, EXAMPLES // 2))
@given(raw=st.binary(max_size=300))
def test_undecodable_query_strings_break_no_list_page(client, site, raw):
    query = "".join(f"%{byte:02X}" if byte not in b"=&" else chr(byte) for byte in raw)

    for path in ["/clusters/", "/cooperation/", "/api/clusters/"]:
        assert consume(client.get(f"{path}?{query}")) < 500


def form_inputs(form_class, valid):
    """A valid submission with some fields replaced by hostile values or left out."""
    names = sorted({*form_class.base_fields, *valid})
    return st.tuples(
        st.dictionaries(st.sampled_from(names), hostile_values, max_size=len(names)),
        st.sets(st.sampled_from(names), max_size=3),
    ).map(
        lambda changes: {
            name: value
            for name, value in {**valid, **changes[0]}.items()
            if name not in changes[1]
        }
    )


def valid_request_data():
    return factories.request_form_data(
        fields=["biotech"], clusters=["munich-biotech"], target_countries=["FR"]
    )


@fuzz
@given(data=st.data())
def test_no_input_breaks_posting_a_request(client, site, data):
    fields = data.draw(form_inputs(CooperationRequestForm, valid_request_data()))
    cache.clear()

    response = client.post(reverse("cooperation:request-create"), fields)

    assert response.status_code < 500


@fuzz
@given(data=st.data())
def test_no_input_breaks_editing_a_request(client, site, data):
    valid = valid_request_data()
    valid.pop("contact_email")
    fields = data.draw(form_inputs(CooperationRequestEditForm, valid))
    path = reverse("cooperation:request-edit", args=[site["pending"].manage_token])

    response = client.post(path, fields)

    assert response.status_code < 500


@fuzz
@given(data=st.data())
def test_no_input_breaks_replying_to_a_request(client, site, data):
    valid = {
        "name": "Ada Example",
        "organisation": "Example University",
        "email": "ada@example.org",
        "message": "We would be glad to join the project.",
    }
    fields = data.draw(form_inputs(ReplyForm, valid))
    cache.clear()

    response = client.post(site["request"].get_absolute_url(), fields)

    assert response.status_code < 500


@fuzz
@given(data=st.data())
def test_no_input_breaks_subscribing_to_alerts(client, site, data):
    valid = {"email": "alerts@example.org", "field": "biotech", "country": "DE"}
    fields = data.draw(form_inputs(SubscriptionForm, valid))
    cache.clear()

    response = client.post(reverse("cooperation:subscription-create"), fields)

    assert response.status_code < 500


@fuzz
@given(action=hostile_values, token_index=st.integers(0, 1))
def test_no_action_breaks_the_poster_s_page(client, site, action, token_index):
    token = [site["request"], site["pending"]][token_index].manage_token

    response = client.post(
        reverse("cooperation:request-manage", args=[token]), {"action": action}
    )

    assert response.status_code < 500


# Password hashing is slow by design; what is tested here is the form around it.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
@fuzz
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            "username": hostile_values,
            "password": hostile_values,
            "next": hostile_values,
        },
    )
)
def test_no_input_breaks_the_editors_login(client, site, fields):
    response = client.post(reverse("admin:login"), fields)

    assert response.status_code < 500


@fuzz
@given(host=hostile_text)
def test_an_unknown_host_is_refused_not_failed(client, site, host):
    assume(re.fullmatch(r"[\x21-\x7e]*", host))  # a header carries no other bytes

    response = client.get("/", headers={"host": host})

    assert response.status_code < 500


def test_huge_query_strings_are_answered(client, site):
    query = urlencode({"q": "x" * 100_000, "page": "9" * 5_000, "c": ["a"] * 2_000})

    for path in ["/clusters/", "/compare/", "/cooperation/", "/api/clusters/"]:
        assert consume(client.get(f"{path}?{query}")) < 500


@pytest.mark.parametrize("segment", ["%00", "%C0%AF", "%FF%FE", quote("☃" * 500)])
def test_odd_bytes_in_a_path_are_answered(client, site, segment):
    for prefix in ["/clusters/", "/countries/", "/cooperation/manage/"]:
        assert client.get(f"{prefix}{segment}/").status_code < 500
