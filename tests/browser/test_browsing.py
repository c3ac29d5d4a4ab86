"""A visitor filters the portraits, opens one and compares clusters."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def add_to_comparison(page, name):
    # The button names its cluster in visually hidden text after a colon.
    page.get_by_role(
        "button", name=re.compile(rf"^Add to comparison\W+{name}$")
    ).click()


def test_visitors_filter_portraits_by_country_and_field(page, world):
    page.goto("/clusters/")
    expect(page.locator(".results .card-title")).to_have_count(3)

    page.get_by_label("Country", exact=True).select_option("DE")
    page.get_by_label("Technology field", exact=True).select_option("biotechnology")
    page.get_by_role("button", name="Apply").click()

    expect(page).to_have_url(re.compile(r"country=DE.*field=biotechnology"))
    expect(page.locator(".result-count")).to_have_text("1 cluster found")
    expect(page.locator(".results .card-title")).to_have_text(["Munich Biotech"])
    expect(page.get_by_label("Country", exact=True)).to_have_value("DE")


def test_visitors_open_a_portrait_from_the_list(page, world):
    page.goto("/clusters/")

    page.get_by_role("link", name="Munich Biotech", exact=True).click()

    expect(page).to_have_url(re.compile(r"/clusters/munich-biotech/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Munich Biotech")
    actors = page.get_by_role("table").filter(has_text="Organisation")
    expect(actors).to_contain_text("Example University")
    expect(page.get_by_role("link", name="Toulouse Biotech")).to_be_visible()


def test_visitors_compare_two_clusters_with_a_chart_and_a_table(page, world):
    page.goto(world.munich.get_absolute_url())
    add_to_comparison(page, "Munich Biotech")
    expect(page.locator(".messages")).to_contain_text("Munich Biotech was added")
    expect(page.get_by_text("Choose at least two clusters")).to_be_visible()

    page.goto(world.toulouse.get_absolute_url())
    add_to_comparison(page, "Toulouse Biotech")

    expect(page).to_have_url(
        re.compile(r"/compare/\?c=munich-biotech&c=toulouse-biotech")
    )
    chart = page.get_by_role("img", name=re.compile("Scores of the compared clusters"))
    expect(chart).to_be_visible()
    expect(chart.locator("rect[fill]").first).to_be_visible()
    table = page.locator("table.compare-table")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Criterion", "Munich Biotech", "Toulouse Biotech"]
    )
    expect(
        table.get_by_role("row").filter(has_text="Patent applications")
    ).to_contain_text("10")
