"""NUL characters, which PostgreSQL refuses in text, are turned away at the door when
they come in a path or cookie; forms reject them with a message of their own."""

import pytest
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db


def assert_refused(response):
    assert response.status_code == 400
    assert b"null character" in response.content


@pytest.mark.parametrize(
    "path, query",
    [
        ("/compare/", {"q": "munich\x00"}),
        ("/compare/", {"c": ["munich-biotech", "munich\x00"]}),
        ("/clusters/", {"\x00": "x"}),
        ("/clusters/", {"q": "bio\x00tech"}),
        ("/clusters/", {"region": "upper-bavaria\x00"}),
        ("/api/clusters/", {"q": ["bio", "\x00"]}),
        ("/api/clusters/", {"region": "\x00"}),
        ("/search/", {"q": "robot\x00ics"}),
        ("/cooperation/", {"q": "\x00"}),
    ],
)
def test_a_null_character_in_the_query_gets_an_answer_not_an_error(
    client, cluster, path, query
):
    response = client.get(path, query)

    assert response.status_code in (200, 400)


def test_a_null_character_in_the_comparison_names_no_cluster(client, cluster):
    response = client.post("/compare/add/", {"c": "munich-biotech\x00"}, follow=True)

    assertContains(response, "That cluster does not exist or is not published.")


def test_a_null_character_in_a_filter_gets_a_message_beside_it(client, cluster):
    response = client.get("/clusters/", {"region": "upper-bavaria\x00"})

    assertContains(response, "Null characters are not allowed.")


def test_a_null_character_in_the_path_is_refused(client):
    assert_refused(client.get("/countries/%00/"))
    assert_refused(client.get("/cooperation/manage/abc%00def/"))


def test_a_null_character_escaped_in_a_cookie_is_refused(client, cluster):
    # As a browser would send it: a quoted value with an octal escape, which
    # Django's cookie parser turns into a NUL character.
    cookie = 'sessionid="abcdefgh\\000"'

    response = client.get("/compare/", {"c": "munich-biotech"}, HTTP_COOKIE=cookie)

    assert_refused(response)


def test_requests_without_null_characters_pass(client, cluster):
    assert client.get("/compare/", {"q": "munich"}).status_code == 200
    assert client.get("/clusters/", {"q": "biotech\t\u200b"}).status_code == 200
    response = client.post("/compare/add/", {"c": "munich-biotech"})
    assert response.status_code == 302
