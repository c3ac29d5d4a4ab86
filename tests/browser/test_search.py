"""The header's search box leads to results grouped by kind."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_visitors_search_from_the_header_and_see_results_by_kind(page, world):
    page.goto("/")

    search_box = page.get_by_role("searchbox", name="Search the portal")
    search_box.fill("photonics")
    search_box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=photonics$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    clusters = page.locator("#results-clusters")
    expect(clusters.get_by_role("heading", level=2)).to_have_text(
        re.compile(r"Cluster portraits\s+\(1\)")
    )
    expect(clusters.get_by_role("link")).to_have_text(["Berlin Photonics"])
    fields = page.locator("#results-fields")
    expect(fields.get_by_role("link", name="Photonics", exact=True)).to_be_visible()

    page.get_by_role("navigation", name="Results by kind").get_by_role(
        "link", name="Technology fields"
    ).click()
    expect(page).to_have_url(re.compile(r"#results-fields$"))
