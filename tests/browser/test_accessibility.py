"""Every kind of public page, on the real seed data, checked in the browser: no WCAG
2.1 A or AA violation that axe-core finds, nothing refused by the
Content-Security-Policy, and no sideways scrolling on a 320 pixel wide screen (WCAG
1.4.10, which axe does not check).

The seed takes a few seconds to load, so one test visits all the pages and reports
every problem it finds, page by page, with a screenshot of each page that has one."""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.conf import settings

from clusters.indicators import import_indicators
from clusters.models import Cluster, CountryProfile, Region, SupportMeasure
from clusters.seed import load_seed
from tests import factories

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}


@pytest.fixture
def seeded(transactional_db):
    load_seed()
    import_indicators()
    scored = (
        Cluster.objects.published()
        .filter(assessments__score__isnull=False)
        .distinct()
        .order_by("name")
    )
    cluster, other = scored[:2]
    return SimpleNamespace(
        cluster=cluster,
        other=other,
        region=Region.objects.with_published_clusters().order_by("name").first(),
        country=CountryProfile.objects.order_by("country").first().country,
        field=cluster.fields.order_by("name").first(),
        measure=SupportMeasure.objects.filter(clusters__isnull=False)
        .order_by("name")
        .first(),
        # The seed has no cooperation requests: they come from visitors.
        cooperation_request=factories.make_cooperation_request(
            title="Partner wanted for joint research",
            fields=[cluster.fields.order_by("name").first()],
            clusters=[cluster, other],
            target_countries=[other.region.country.code],
        ),
    )


def send_empty_form(page):
    page.locator("main form[method=post]").last.get_by_role("button").last.click()


@dataclass
class PublicPage:
    name: str
    path: Callable
    status: int = 200
    then: Callable | None = None
    language: str = "en"


PUBLIC_PAGES = [
    PublicPage("home", lambda seed: "/"),
    PublicPage("cluster list", lambda seed: "/clusters/"),
    PublicPage(
        "cluster list with invalid filters",
        lambda seed: "/clusters/?country=ZZ&sort=nonsense",
    ),
    PublicPage("portrait", lambda seed: seed.cluster.get_absolute_url()),
    PublicPage("countries", lambda seed: "/countries/"),
    PublicPage("country", lambda seed: f"/countries/{seed.country.code.lower()}/"),
    PublicPage("region", lambda seed: seed.region.get_absolute_url()),
    PublicPage("fields", lambda seed: "/fields/"),
    PublicPage("field", lambda seed: seed.field.get_absolute_url()),
    PublicPage("measures", lambda seed: "/measures/"),
    PublicPage("measure", lambda seed: seed.measure.get_absolute_url()),
    PublicPage("methodology", lambda seed: "/methodology/"),
    PublicPage(
        "compare with two clusters",
        lambda seed: f"/compare/?c={seed.cluster.slug}&c={seed.other.slug}",
    ),
    PublicPage("search results", lambda seed: "/search/?q=biotechnology"),
    PublicPage("cooperation board", lambda seed: "/cooperation/"),
    PublicPage(
        "cooperation request",
        lambda seed: seed.cooperation_request.get_absolute_url(),
    ),
    PublicPage(
        "cooperation request, reply with errors",
        lambda seed: seed.cooperation_request.get_absolute_url(),
        then=send_empty_form,
    ),
    PublicPage("new request form", lambda seed: "/cooperation/new/"),
    PublicPage(
        "new request form with errors",
        lambda seed: "/cooperation/new/",
        then=send_empty_form,
    ),
    PublicPage("page not found", lambda seed: "/no-such-page/", status=404),
    # German words are longer: the narrow screen is where they would break out.
    PublicPage("home in German", lambda seed: "/", language="de"),
    PublicPage("cluster list in German", lambda seed: "/clusters/", language="de"),
    PublicPage(
        "portrait in German",
        lambda seed: seed.cluster.get_absolute_url(),
        language="de",
    ),
    PublicPage(
        "new request form with errors in German",
        lambda seed: "/cooperation/new/",
        then=send_empty_form,
        language="de",
    ),
]


def test_every_public_page_is_accessible_and_keeps_to_the_security_policy(
    page, live_server, run_axe, csp_violations, keep_screenshot, seeded
):
    problems = {}
    for public_page in PUBLIC_PAGES:
        page.context.add_cookies(
            [
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": public_page.language,
                    "url": live_server.url,
                }
            ]
        )
        page.set_viewport_size(DESKTOP)
        response = page.goto(public_page.path(seeded))
        assert response.status == public_page.status, public_page.name
        language = page.locator("html").get_attribute("lang")
        assert language == public_page.language, public_page.name
        if public_page.then:
            public_page.then(page)

        found = []
        results = run_axe()
        if results.violations_count:
            found.append(results.generate_report())
        found.extend(f"Refused by the CSP: {text}" for text in csp_violations)
        csp_violations.clear()

        page.set_viewport_size(NARROW)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            found.append(f"Scrolls sideways at 320 px: the page is {width} px wide.")

        if found:
            found.append(f"Screenshot: {keep_screenshot(public_page.name)}")
            problems[f"{public_page.name} ({page.url})"] = found

    assert not problems, "\n\n".join(
        f"== {name}\n" + "\n".join(found) for name, found in problems.items()
    )
