import pytest


def test_the_trivial_page_is_not_routed_in_normal_settings(client, db):
    assert client.get("/bench/ping/").status_code == 404


@pytest.mark.urls("bench.urls")
def test_the_trivial_page_answers_a_fixed_text(client, db):
    response = client.get("/ping/")

    assert response.status_code == 200
    assert response.content == b"pong\n"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.urls("bench.urls")
def test_the_trivial_page_only_answers_get(client, db):
    assert client.post("/ping/").status_code == 405
