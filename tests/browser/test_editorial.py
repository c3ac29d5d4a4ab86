"""An editor publishes a draft portrait in admin, and the public sees it."""

import re

import pytest
from playwright.sync_api import expect

from clusters.models import Cluster
from tests import factories

pytestmark = pytest.mark.browser

DRAFT_NAME = "Grenoble Nanotech"


@pytest.fixture
def draft(world):
    return factories.make_cluster(
        name=DRAFT_NAME,
        slug="grenoble-nanotech",
        region=world.bavaria,
        status=Cluster.Status.DRAFT,
    )


def test_an_editor_publishes_a_draft_and_the_public_list_shows_it(
    page, editor_page, draft
):
    page.goto("/clusters/")
    expect(page.locator(".results")).not_to_contain_text(DRAFT_NAME)

    editor_page.goto("/admin/clusters/cluster/?status__exact=draft")
    editor_page.get_by_role("link", name=DRAFT_NAME).click()
    expect(editor_page.get_by_label("Name:")).to_have_value(DRAFT_NAME)
    expect(editor_page.get_by_label("Status:")).to_have_value("draft")

    editor_page.go_back()
    editor_page.get_by_role("row").filter(has_text=DRAFT_NAME).get_by_role(
        "checkbox"
    ).check()
    editor_page.get_by_role("combobox", name="Action").select_option(
        label="Publish selected clusters"
    )
    editor_page.get_by_role("button", name="Go").click()
    expect(editor_page.locator(".messagelist")).to_contain_text(
        "1 cluster was published."
    )

    page.reload()
    page.get_by_role("link", name=DRAFT_NAME).click()
    expect(page).to_have_url(re.compile(r"/clusters/grenoble-nanotech/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(DRAFT_NAME)
