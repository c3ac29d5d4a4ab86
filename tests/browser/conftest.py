"""Browser tests: Debian's headless Chromium driven by Playwright against the live
server of pytest-django, with axe-core checking accessibility.

Run them with `make test-browser`; the normal suite leaves them out
(`-m "not browser"`). A failing test leaves a full-page screenshot in
artifacts/browser/<test name>.png.
"""

import logging
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests import factories

logger = logging.getLogger(__name__)

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking switches Chromium keeps calling home, which on a
# closed network only produces noise and delays.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()
EDITOR_PASSWORD = "a-long-editorial-passphrase"


def artifacts_dir(config):
    return config.rootpath / "artifacts" / "browser"


@pytest.fixture(scope="session")
def browser(pytestconfig):
    if not Path(CHROMIUM_PATH).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM_PATH}: install Debian's package "
            "(apt-get install chromium) or set CHROMIUM_PATH."
        )
    for stale in artifacts_dir(pytestconfig).glob("*.png"):
        stale.unlink()

    # Playwright's sync API keeps an event loop in this thread, and Django refuses
    # database calls from a thread with a running loop unless this is set.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def new_tab(browser, live_server):
    """A tab in a browser of its own (own cookies), speaking English to the server."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def page(browser, live_server):
    """A visitor's tab."""
    tab = new_tab(browser, live_server)
    yield tab
    tab.context.close()


@pytest.fixture
def csp_violations(page):
    """What Chromium refused under the Content-Security-Policy, as it logs it."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return refused


@pytest.fixture
def run_axe(page):
    """Runs axe-core on the page as it is now, for its WCAG 2.1 A and AA violations.
    The script is evaluated through the browser's debugging protocol, which the
    Content-Security-Policy does not restrict."""
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    return lambda: AXE.run(page, options=options)


# The tabs a test may hold, and the suffix of their screenshots.
SCREENSHOT_TABS = {"page": "", "editor_page": "-editor"}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep a full-page screenshot of every tab of a failed test."""
    report = yield
    if report.when != "call" or not report.failed:
        return report

    name = re.sub(r"[^\w.-]+", "-", item.name).strip("-")
    for fixture, suffix in SCREENSHOT_TABS.items():
        tab = getattr(item, "funcargs", {}).get(fixture)
        if tab is None or tab.is_closed():
            continue
        path = artifacts_dir(item.config) / f"{name}{suffix}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            tab.screenshot(path=path, full_page=True)
        except PlaywrightError:
            logger.exception("No screenshot of the failed test %s", item.nodeid)
        else:
            report.sections.append(("browser", f"Screenshot: {path}"))
    return report


@pytest.fixture
def keep_screenshot(request, page):
    """Save a full-page screenshot of the tab now, named after the test and `label`."""

    def keep(label):
        name = re.sub(r"[^\w.-]+", "-", f"{request.node.name}-{label}").strip("-")
        path = artifacts_dir(request.config) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=path, full_page=True)
        return path

    return keep


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits count in the cache, which the live server shares with the tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(transactional_db):
    """A small published world with every kind of page filled: two countries, two
    fields, three clusters with actors, scores, a label and a partnership, a measure,
    a country profile and an open cooperation request."""
    biotech = factories.make_field(name="Biotechnology", slug="biotechnology")
    photonics = factories.make_field(name="Photonics", slug="photonics")
    bavaria = factories.make_region(
        name="Upper Bavaria",
        slug="upper-bavaria",
        country="DE",
        description="A region in the south of Germany.",
    )
    bavaria.sources.add(factories.make_source())
    berlin = factories.make_region(name="Berlin", slug="berlin", country="DE")
    occitanie = factories.make_region(
        name="Occitanie", slug="occitanie", country="FR", latitude=43.6, longitude=1.4
    )

    munich = factories.make_cluster(
        name="Munich Biotech",
        slug="munich-biotech",
        region=bavaria,
        fields=[biotech],
        founded=1997,
        website="https://example.org/munich",
        featured=True,
    )
    munich.sources.add(factories.make_source())
    factories.make_actor(munich, name="Example University", role="Research")
    photonics_cluster = factories.make_cluster(
        name="Berlin Photonics",
        slug="berlin-photonics",
        region=berlin,
        fields=[photonics],
    )
    toulouse = factories.make_cluster(
        name="Toulouse Biotech",
        slug="toulouse-biotech",
        region=occitanie,
        fields=[biotech],
        latitude=43.6,
        longitude=1.4,
    )
    factories.make_quality_label(munich)
    factories.make_partnership(munich, partner_cluster=toulouse)

    criterion = factories.make_criterion(
        key="patents", name="Patent applications", unit="per million"
    )
    for value, cluster in enumerate([munich, photonics_cluster, toulouse], start=1):
        factories.make_assessment(cluster, criterion, value=value * 10.0)

    measure = factories.make_measure(name="Cluster Programme", slug="cluster-programme")
    measure.fields.set([biotech])
    measure.clusters.set([munich])
    factories.make_country_profile(country="DE")
    cooperation_request = factories.make_cooperation_request(
        title="Partner wanted for enzyme research",
        fields=[biotech],
        clusters=[munich],
        target_countries=["FR"],
    )
    return SimpleNamespace(
        biotech=biotech,
        photonics=photonics,
        bavaria=bavaria,
        munich=munich,
        photonics_cluster=photonics_cluster,
        toulouse=toulouse,
        measure=measure,
        cooperation_request=cooperation_request,
    )


@pytest.fixture
def editors_group(transactional_db):
    """The "Editors" group as the data migrations make it. Live-server tests empty
    every table after each test, so the group is rebuilt by running the code of the
    migrations named after the editors again."""
    loader = MigrationLoader(connection)
    state_apps = loader.project_state().apps
    for key in sorted(key for key in loader.disk_migrations if "editors" in key[1]):
        for operation in loader.get_migration(*key).operations:
            if isinstance(operation, RunPython):
                operation.code(state_apps, None)


@pytest.fixture
def editor(editors_group):
    user = User.objects.create_user("editor", password=EDITOR_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_page(browser, live_server, editor):
    """An editor's tab, logged in to admin through its login form."""
    tab = new_tab(browser, live_server)
    tab.goto("/admin/login/?next=/admin/")
    tab.get_by_label("Username").fill(editor.username)
    tab.get_by_label("Password").fill(EDITOR_PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    tab.get_by_role("link", name="Log out").or_(
        tab.get_by_role("button", name="Log out")
    ).wait_for()
    yield tab
    tab.context.close()
