import pytest
from django.contrib.auth.models import Group, User
from pytest_django.asserts import assertContains

from clusters.models import Cluster

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    user = User.objects.create_user(
        "editor", password="a-long-passphrase", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_editors_group_may_curate_content(editor):
    for codename in ["add_cluster", "change_cluster", "delete_region", "view_source"]:
        assert editor.has_perm(f"clusters.{codename}")


def test_editors_group_may_not_manage_users(editor):
    assert not editor.has_perm("auth.add_user")
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.change_group")


def test_editors_do_not_see_user_management_in_admin(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403


@pytest.mark.parametrize(
    "page",
    [
        "cluster",
        "region",
        "technologyfield",
        "countryprofile",
        "actor",
        "partnership",
        "criterion",
        "assessment",
        "qualitylabel",
        "supportmeasure",
        "source",
    ],
)
def test_every_model_has_a_working_admin_list(editor_client, cluster, page):
    response = editor_client.get(f"/admin/clusters/{page}/", {"q": "munich"})

    assert response.status_code == 200


def test_an_editor_drafts_publishes_and_sees_the_history(
    editor_client, client, region, field
):
    form = {
        "name": "Lyon Biopole",
        "slug": "lyon-biopole",
        "kind": "initiative",
        "status": "draft",
        "region": region.pk,
        "latitude": "45.76",
        "longitude": "4.84",
        "summary": "Health technology cluster of Lyon.",
        "fields": "biotechnology",
        "actors-TOTAL_FORMS": "1",
        "actors-INITIAL_FORMS": "0",
        "actors-0-name": "Université Claude Bernard Lyon 1",
        "actors-0-kind": "university",
    }
    for prefix in ["assessments", "quality_labels", "partnerships", "Cluster_sources"]:
        form[f"{prefix}-TOTAL_FORMS"] = "0"
        form[f"{prefix}-INITIAL_FORMS"] = "0"

    response = editor_client.post("/admin/clusters/cluster/add/", form)

    assert response.status_code == 302, response.context["adminform"].errors
    cluster = Cluster.objects.get(slug="lyon-biopole")
    assert cluster.status == "draft"
    assert client.get("/clusters/lyon-biopole/").status_code == 404

    editor_client.post(
        "/admin/clusters/cluster/",
        {"action": "publish", "_selected_action": [cluster.pk]},
    )

    assertContains(client.get("/clusters/"), "Lyon Biopole")
    history = editor_client.get(f"/admin/clusters/cluster/{cluster.pk}/history/")
    assertContains(history, "editor")
    assert cluster.history.count() == 2
    assert cluster.history.first().status == "published"


def test_unpublish_takes_a_portrait_off_the_site(editor_client, client, cluster):
    editor_client.post(
        "/admin/clusters/cluster/",
        {"action": "unpublish", "_selected_action": [cluster.pk]},
    )

    assert client.get(cluster.get_absolute_url()).status_code == 404
