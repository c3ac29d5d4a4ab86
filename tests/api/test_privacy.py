"""Nothing private leaves through the API or the exports: asserted on the raw bytes of
every answer, so a new field or column cannot leak unnoticed."""

import pytest

from clusters.models import Partnership
from tests import factories

pytestmark = pytest.mark.django_db

HIDDEN_STATUSES = ["unconfirmed", "pending", "rejected", "closed", "expired"]


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def private_world(db, django_user_model):
    django_user_model.objects.create_user(
        "editor", "editor@example.org", "a-long-password", is_staff=True
    )
    field = factories.make_field(slug="batteries")
    cluster = factories.make_cluster(slug="munich-bio", fields=[field])
    draft = factories.make_cluster(
        slug="secret-draft-valley", name="Secret Draft Valley", status="draft"
    )
    factories.make_actor(cluster)
    Partnership.objects.create(
        cluster=cluster,
        partner_cluster=draft,
        description="Secret draft partnership",
        source=factories.make_source(),
    )
    factories.make_measure(slug="leading-edge").clusters.add(cluster, draft)
    factories.make_country_profile()

    requests = [
        factories.make_cooperation_request(
            title="Open request",
            fields=[field],
            clusters=[cluster, draft],
            contact_name="Jana Poster",
            contact_email="jana@example.org",
        )
    ]
    requests += [
        factories.make_cooperation_request(
            title=f"Secret {status} request",
            status=status,
            contact_email=f"{status}@example.org",
        )
        for status in HIDDEN_STATUSES
    ]
    for cooperation_request in requests:
        factories.make_reply(cooperation_request, name="Replier Name")
    return {"requests": requests, "cluster": cluster}


def urls(world):
    open_request = world["requests"][0]
    return [
        "/api/",
        "/api/clusters/",
        "/api/clusters/munich-bio/",
        "/api/regions/",
        f"/api/regions/{world['cluster'].region.slug}/",
        "/api/countries/",
        "/api/countries/de/",
        "/api/fields/",
        "/api/fields/batteries/",
        "/api/measures/",
        "/api/measures/leading-edge/",
        "/api/cooperation-requests/",
        f"/api/cooperation-requests/{open_request.pk}/",
        "/api/schema/",
        "/clusters/?format=csv",
        "/clusters/?format=json",
        "/measures/?format=csv",
        "/measures/?format=json",
        "/cooperation/?format=csv",
        "/cooperation/?format=json",
    ]


def test_no_private_data_in_any_answer(client, private_world):
    secrets = []
    for cooperation_request in private_world["requests"]:
        secrets += [
            cooperation_request.secret,
            cooperation_request.token_digest,
            cooperation_request.manage_token,
        ]

    for url in urls(private_world):
        response = client.get(url)
        body = content(response)

        assert response.status_code == 200, url
        assert b"@" not in body, url
        assert b"Jana Poster" not in body, url
        assert b"Replier Name" not in body, url
        assert b"contact" not in body, url
        assert b"Secret" not in body, url
        assert b"secret-draft-valley" not in body, url
        for secret in secrets:
            assert secret.encode() not in body, url


def test_the_open_request_itself_is_there(client, private_world):
    assert b"Open request" in content(client.get("/api/cooperation-requests/"))
    assert b"Open request" in content(client.get("/cooperation/?format=csv"))
