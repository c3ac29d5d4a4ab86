"""The client's address behind reverse proxies, which rate limits count by."""

import pytest
from django.test import RequestFactory, override_settings

from portal.middleware import ClientAddressMiddleware


def address_seen_by_the_view(remote_addr, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=headers)
    seen = []

    def view(request):
        seen.append(request.META["REMOTE_ADDR"])

    ClientAddressMiddleware(view)(request)
    return seen[0]


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "::1"])
def test_behind_the_local_proxy_the_forwarded_client_counts():
    assert address_seen_by_the_view("127.0.0.1", "203.0.113.7") == "203.0.113.7"
    assert address_seen_by_the_view("::1", "2001:db8::7") == "2001:db8::7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_addresses_the_client_forwarded_itself_are_ignored():
    forged_then_real = "198.51.100.1, 203.0.113.7"

    assert address_seen_by_the_view("127.0.0.1", forged_then_real) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_a_chain_of_trusted_proxies_is_walked_back_to_the_client():
    chain = "198.51.100.1, 203.0.113.7, 10.0.0.2, 10.0.0.3"

    assert address_seen_by_the_view("127.0.0.1", chain) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_request_from_elsewhere_cannot_claim_another_address():
    assert address_seen_by_the_view("198.51.100.9", "203.0.113.7") == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
@pytest.mark.parametrize("forwarded_for", ["", "not-an-address", "203.0.113.7, , x"])
def test_a_missing_or_garbled_header_leaves_the_last_valid_address(forwarded_for):
    assert address_seen_by_the_view("127.0.0.1", forwarded_for) == "127.0.0.1"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_forwarded_header_is_never_read(client):
    response = client.get(
        "/", REMOTE_ADDR="198.51.100.9", headers={"X-Forwarded-For": "203.0.113.7"}
    )

    assert response.wsgi_request.META["REMOTE_ADDR"] == "198.51.100.9"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_pages_see_the_client_behind_the_proxy(client):
    response = client.get(
        "/", REMOTE_ADDR="127.0.0.1", headers={"X-Forwarded-For": "203.0.113.7"}
    )

    assert response.wsgi_request.META["REMOTE_ADDR"] == "203.0.113.7"
