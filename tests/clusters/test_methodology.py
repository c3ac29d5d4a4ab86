import pytest
from pytest_django.asserts import assertContains

from clusters.criteria import DEFINITIONS, sync_criteria
from clusters.methodology import METHODOLOGY_FILE, render_methodology

pytestmark = pytest.mark.django_db


def test_the_page_is_rendered_from_the_criteria_records(client):
    sync_criteria()

    response = client.get("/methodology/")

    for definition in DEFINITIONS:
        assertContains(response, f'id="{definition["key"]}"')
    assertContains(response, "1★ ≥ 1.25; 2★ ≥ 1.5; 3★ ≥ 2.0")
    assertContains(response, "Which clusters are portrayed")
    assertContains(response, "never zero")


def test_an_edited_criterion_shows_on_the_page(client):
    criteria = sync_criteria()
    criterion = criteria["patents"]
    criterion.definition = "Counted by the editors' new rule."
    criterion.save()

    assertContains(
        client.get("/methodology/"), "Counted by the editors&#x27; new rule."
    )


def test_the_page_counts_the_clusters_each_criterion_compares(client):
    sync_criteria()

    response = client.get("/methodology/")

    assert all(
        criterion.compared == 0
        for dimension in response.context["dimensions"]
        for criterion in dimension["criteria"]
    )


def test_docs_methodology_matches_the_criteria():
    assert METHODOLOGY_FILE.read_text(encoding="utf-8") == render_methodology()
