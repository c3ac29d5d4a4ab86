"""Headers that tell browsers what a page may do, and pages that need no exception."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains

from portal.views import server_error

PRODUCTION_HTTPS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def policy_directives(response):
    directives = {}
    for directive in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


@pytest.mark.django_db
def test_pages_forbid_inline_scripts_styles_plugins_and_framing(client):
    directives = policy_directives(client.get("/"))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]


@pytest.mark.django_db
def test_pages_send_the_browser_security_headers(client):
    response = client.get("/")

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_pages_carry_the_policy_in_development_too(client):
    assert "script-src 'self'" in client.get("/").headers["Content-Security-Policy"]


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_django_s_own_debug_pages_are_left_to_render(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Content-Security-Policy" not in response.headers


@pytest.mark.django_db
def test_error_pages_carry_the_policy_too(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
@override_settings(**PRODUCTION_HTTPS)
def test_production_pages_over_https_send_hsts(client):
    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )


@pytest.mark.django_db
@override_settings(**PRODUCTION_HTTPS)
def test_production_pages_behind_the_proxy_count_as_https(client):
    response = client.get("/clusters/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert "Strict-Transport-Security" in response.headers


@pytest.mark.django_db
@override_settings(**PRODUCTION_HTTPS)
def test_production_redirects_plain_http_to_https(client):
    response = client.get("/clusters/?q=munich")

    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/clusters/?q=munich"


@pytest.mark.django_db
def test_the_api_documentation_needs_no_exception_from_the_policy(client):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 200
    assert policy_directives(response)["script-src"] == ["'self'"]
    assert policy_directives(response)["style-src"] == ["'self'"]
    assert b"<script>" not in response.content
    assert b"<style" not in response.content


def test_the_server_error_page_takes_its_style_from_a_file():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert b"/static/css/error.css" in response.content
    assert b"<style" not in response.content


INLINE_CODE = [
    (re.compile(r"<style\b", re.IGNORECASE), "an inline <style> element"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "an inline event handler"),
    (re.compile(r"javascript:", re.IGNORECASE), "a javascript: address"),
    (
        re.compile(
            r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>",
            re.IGNORECASE,
        ),
        "an inline script",
    ),
]


def project_templates():
    folders = [Path(settings.BASE_DIR) / "templates"]
    folders += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR)
    ]
    return sorted(
        path for folder in folders if folder.is_dir() for path in folder.rglob("*.html")
    )


def test_no_template_has_code_the_content_security_policy_would_block():
    findings = [
        f"{path.relative_to(settings.BASE_DIR)}: {what}"
        for path in project_templates()
        for pattern, what in INLINE_CODE
        if pattern.search(path.read_text())
    ]

    assert project_templates()
    assert findings == []


@pytest.mark.django_db
def test_a_form_failing_its_csrf_check_explains_what_to_do():
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("cooperation:subscription-create"), {"email": "ada@example.org"}
    )

    assertContains(response, "Your form could not be sent", status_code=403)
    assertContains(response, "blocks cookies for this site", status_code=403)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
