import pytest
from pytest_django.asserts import assertContains, assertNotContains

from clusters.models import Criterion
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def criterion():
    return factories.make_criterion(
        key="lq",
        name="High-tech specialisation",
        unit="LQ",
        star_basis=Criterion.StarBasis.VALUE,
        star_thresholds=[1.25, 1.5, 2.0],
    )


@pytest.fixture
def five(criterion):
    clusters = []
    for index, name in enumerate(["Alpha", "Bravo", "Charlie", "Delta", "Echo"]):
        cluster = factories.make_cluster(name=f"{name} Valley", slug=name.lower())
        if index < 3:
            factories.make_assessment(cluster, criterion, value=1.0 + index / 2)
        clusters.append(cluster)
    return clusters


def compare(client, *slugs, **extra):
    return client.get("/compare/", {"c": list(slugs), **extra})


def test_two_clusters_side_by_side_with_values_years_sources(client, five):
    response = compare(client, "alpha", "charlie")

    assert [c.slug for c in response.context["selection"].clusters] == [
        "alpha",
        "charlie",
    ]
    assertContains(response, "High-tech specialisation")
    assertContains(response, "<strong>2</strong> LQ (2018)", html=False)
    assertContains(response, "of 3 clusters")


def test_four_clusters_and_a_missing_value_shows_not_available(client, five):
    response = compare(client, "alpha", "bravo", "charlie", "delta")

    assert len(response.context["selection"].clusters) == 4
    assert response.context["rows"][0]["cells"][3] is None
    assertContains(response, "n/a")


def test_five_clusters_keep_the_first_four_and_say_so(client, five):
    response = compare(client, "alpha", "bravo", "charlie", "delta", "echo")

    assert len(response.context["selection"].clusters) == 4
    assertContains(response, "At most 4 clusters can be compared")
    assertContains(response, "Echo Valley")


def test_unknown_and_draft_clusters_get_a_clear_message(client, five):
    factories.make_cluster(slug="hidden", status="draft", name="Hidden Draft")

    response = compare(client, "alpha", "no-such-cluster", "hidden", "<script>x")

    assert response.status_code == 200
    assertContains(response, "not known or not published")
    assertContains(response, "no-such-cluster")
    assertNotContains(response, "Hidden Draft")
    assertNotContains(response, "<script>x")
    assertContains(response, "Choose at least two clusters")


def test_the_chart_is_svg_with_a_text_alternative(client, five):
    response = compare(client, "alpha", "charlie", "delta")
    content = response.content.decode()

    assert '<svg role="img" aria-labelledby="chart-title chart-desc"' in content
    assert '<desc id="chart-desc">High-tech specialisation: Alpha Valley 0, ' in content
    assert "Charlie Valley 100, Delta Valley n/a." in content
    assert content.count('class="chart-na"') == 1
    assert content.count('<rect x="250"') == 2


def test_no_chart_when_no_cluster_has_a_score(client, five):
    response = compare(client, "delta", "echo")

    assertContains(response, "None of these clusters has a scored criterion yet.")
    assertNotContains(response, "<svg")


def test_adding_from_a_portrait_is_one_click(client, five):
    client.post("/compare/add/", {"c": "alpha"})
    response = client.post("/compare/add/", {"c": "bravo"}, follow=True)

    assert response.redirect_chain[-1][0] == "/compare/?c=alpha&c=bravo"
    assertContains(response, "Bravo Valley was added to the comparison.")
    assert response.context["chart"]["groups"]


def test_adding_a_fifth_is_refused_with_a_message(client, five):
    for slug in ["alpha", "bravo", "charlie", "delta"]:
        client.post("/compare/add/", {"c": slug})

    response = client.post("/compare/add/", {"c": "echo"}, follow=True)

    assertContains(response, "At most 4 clusters can be compared. Remove one first.")
    assert len(response.context["selection"].clusters) == 4


def test_adding_an_unknown_cluster_is_refused(client, five):
    response = client.post("/compare/add/", {"c": "nope"}, follow=True)

    assertContains(response, "does not exist or is not published")


def test_removing_and_remembering_the_selection(client, five):
    compare(client, "alpha", "bravo", "charlie")
    client.post("/compare/remove/", {"c": "bravo"})

    response = client.get("/compare/", follow=True)

    assert response.redirect_chain[-1][0] == "/compare/?c=alpha&c=charlie"


def test_adding_needs_post(client, five):
    assert client.get("/compare/add/", {"c": "alpha"}).status_code == 405


def test_portraits_and_cards_offer_the_comparison(client, five):
    assertContains(client.get("/clusters/alpha/"), "Add to comparison")
    assertContains(client.get("/clusters/"), 'value="echo"')


def test_the_picker_finds_published_clusters_by_name(client, five):
    response = compare(client, "alpha", q="char")

    assert [c.slug for c in response.context["candidates"]] == ["charlie"]


class TestClusterListByCriteria:
    def slugs(self, client, **query):
        response = client.get("/clusters/", query)
        assert response.status_code == 200
        return [cluster.slug for cluster in response.context["clusters"]]

    def test_ranking_puts_the_best_first_and_missing_values_last(self, client, five):
        ranked = self.slugs(client, criterion="lq")

        assert ranked[:3] == ["charlie", "bravo", "alpha"]
        assert set(ranked[3:]) == {"delta", "echo"}

    def test_ranking_shows_value_score_and_stars_on_cards(self, client, five):
        response = client.get("/clusters/", {"criterion": "lq"})

        assertContains(response, "score 100")
        assertContains(response, 'aria-label="3 of 3 stars"')

    def test_minimum_stars_on_the_ranking_criterion(self, client, five):
        # Values 1.0, 1.5, 2.0 earn 0, 2 and 3 stars.
        assert self.slugs(client, criterion="lq", min_stars="2") == [
            "charlie",
            "bravo",
        ]
        assert set(self.slugs(client, min_stars="3")) == {"charlie"}

    def test_an_explicit_sort_wins_over_the_ranking(self, client, five):
        assert self.slugs(client, criterion="lq", sort="name")[0] == "alpha"

    def test_unknown_criterion_or_stars_give_a_clear_message(self, client, five):
        response = client.get("/clusters/", {"criterion": "nope", "min_stars": "9"})

        assertContains(response, "Select a valid choice")

    def test_filter_by_quality_label(self, client, five):
        source = factories.make_source()
        five[0].quality_labels.create(label="esca-gold", awarded=2019, source=source)
        five[1].quality_labels.create(label="go-cluster", source=source)

        assert self.slugs(client, label="esca") == ["alpha"]
        assert self.slugs(client, label="go-cluster") == ["bravo"]


def test_portrait_shows_every_criterion_with_score_stars_or_na(client, five):
    factories.make_criterion(key="other", name="Another criterion")

    response = client.get("/clusters/charlie/")

    assertContains(response, "High-tech specialisation")
    assertContains(response, 'aria-label="3 of 3 stars"')
    assertContains(response, "of 3")
    assertContains(response, "Another criterion")
    assertContains(response, '<td class="na">n/a</td>', count=5, html=False)
