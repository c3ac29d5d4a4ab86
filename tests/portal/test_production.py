"""The portal as it runs in production: DEBUG off, gunicorn, collected static files,
PostgreSQL restarts and a Redis cache. Most tests start real processes."""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import psycopg2
import pytest
import redis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from tests import factories

SERVER_START_SECONDS = 20


def production_environment(**overrides):
    """The environment of a production process, less anything of the test run."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example,127.0.0.1",
        LOG_FORMAT="plain",
    )
    environment.update(overrides)
    return environment


def run(arguments, environment):
    return subprocess.run(
        arguments,
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def manage(*arguments, environment):
    return run([sys.executable, "manage.py", *arguments], environment)


def python_in_production(code, environment):
    """Runs `code` after django.setup() in a production process; returns stdout."""
    script = f"import django\ndjango.setup()\n{code}"
    result = run([sys.executable, "-c", script], environment)
    assert result.returncode == 0, result.stderr
    return result.stdout


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port, process):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited while starting"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listened on port {port}")


def fetch(url, headers=None):
    """GETs `url` without following redirects; returns status, headers and body."""

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirects)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def site_environment(tmp_path_factory):
    """A production environment with its own migrated SQLite database and
    collected static files."""
    folder = tmp_path_factory.mktemp("production")
    environment = production_environment(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
    )

    migrated = manage("migrate", "--no-input", environment=environment)
    assert migrated.returncode == 0, migrated.stderr
    collected = manage("collectstatic", "--no-input", environment=environment)
    assert collected.returncode == 0, collected.stderr
    return environment


@pytest.fixture(scope="module")
def gunicorn_server(site_environment, tmp_path_factory):
    """gunicorn with the project's gunicorn.conf.py and JSON logs, on a free port."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("gunicorn") / "stdout.log"
    environment = {
        **site_environment,
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "LOG_FORMAT": "json",
    }

    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn"],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(port, process)
        yield {"url": f"http://127.0.0.1:{port}", "log": log_path}
    finally:
        process.terminate()
        process.wait(timeout=SERVER_START_SECONDS)


def test_the_deploy_check_passes_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        environment=production_environment(),
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "(security." not in output


def test_the_deploy_check_would_report_a_weak_secret_key():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        environment=production_environment(SECRET_KEY="too-short"),
    )

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_settings_secure_cookies_https_and_the_manifest_storage():
    code = """
import json
from django.conf import settings
print(json.dumps({
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts_seconds": settings.SECURE_HSTS_SECONDS,
    "proxy_ssl_header": settings.SECURE_PROXY_SSL_HEADER,
    "session_engine": settings.SESSION_ENGINE,
    "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
}))
"""
    values = json.loads(python_in_production(code, production_environment()))

    assert values["session_cookie_secure"] is True
    assert values["csrf_cookie_secure"] is True
    assert values["ssl_redirect"] is True
    assert values["hsts_seconds"] >= 31536000
    assert values["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["session_engine"] == "django.contrib.sessions.backends.db"
    assert values["static_storage"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_a_static_host_apart_is_allowed_by_the_content_security_policy():
    code = """
from django.conf import settings
print(settings.CONTENT_SECURITY_POLICY["style-src"])
"""
    output = python_in_production(
        code, production_environment(STATIC_URL="https://static.portal.example/s/")
    )

    assert "https://static.portal.example" in output


def test_collectstatic_writes_hashed_and_compressed_files(site_environment):
    static_root = site_environment["STATIC_ROOT"]

    manifest = json.loads(Path(static_root, "staticfiles.json").read_text())
    hashed_stylesheet = manifest["paths"]["css/portal.css"]

    assert hashed_stylesheet != "css/portal.css"
    assert os.path.exists(f"{static_root}/{hashed_stylesheet}.gz")


def test_gunicorn_serves_pages_with_the_production_security_headers(gunicorn_server):
    status, headers, body = fetch(
        f"{gunicorn_server['url']}/", {"X-Forwarded-Proto": "https"}
    )

    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert b"/static/css/portal." in body


def test_gunicorn_redirects_plain_http_to_https(gunicorn_server):
    status, headers, _ = fetch(f"{gunicorn_server['url']}/clusters/")

    assert status == 301
    assert headers["Location"].startswith("https://")


def test_gunicorn_serves_hashed_static_files_for_a_year(gunicorn_server):
    _, _, page = fetch(f"{gunicorn_server['url']}/", {"X-Forwarded-Proto": "https"})
    stylesheet = re.search(rb"/static/css/portal\.[0-9a-f]{12}\.css", page)
    assert stylesheet, "the page links no hashed stylesheet"

    status, headers, _ = fetch(
        f"{gunicorn_server['url']}{stylesheet[0].decode()}",
        {"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"},
    )

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]


def test_gunicorn_writes_one_json_object_per_log_line(gunicorn_server):
    fetch(f"{gunicorn_server['url']}/no-such-page/", {"X-Forwarded-Proto": "https"})
    time.sleep(0.5)  # the access log is written after the response is sent

    lines = gunicorn_server["log"].read_text().splitlines()
    entries = [json.loads(line) for line in lines]

    access = [entry for entry in entries if entry["logger"] == "gunicorn.access"]
    assert {"method": "GET", "path": "/no-such-page/", "status": 404}.items() <= (
        access[-1].items()
    )
    not_found = [entry for entry in entries if entry["logger"] == "django.request"]
    assert not_found[-1]["path"] == "/no-such-page/"
    assert not_found[-1]["status"] == 404


@pytest.fixture
def redis_url():
    server_binary = shutil.which("redis-server")
    if server_binary is None:
        pytest.skip("redis-server is not installed")

    port = free_port()
    process = subprocess.Popen(
        [server_binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=SERVER_START_SECONDS)


def test_the_cache_lives_in_redis_and_sessions_in_the_database(
    site_environment, redis_url
):
    code = """
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
cache.set("greeting", "hello")
session = SessionStore()
session["seen"] = True
session.save()
print(type(caches["default"]).__name__, cache.get("greeting"))
print(Session.objects.filter(session_key=session.session_key).count())
"""
    output = python_in_production(code, {**site_environment, "REDIS_URL": redis_url})

    assert output.split() == ["RedisCache", "hello", "1"]
    assert redis.Redis.from_url(redis_url).dbsize() == 1


def test_pages_and_sessions_work_while_redis_is_down(site_environment):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed_port = unused.getsockname()[1]
    code = """
from django.test import Client
client = Client(HTTP_HOST="portal.example")
statuses = [
    client.get(path, secure=True).status_code
    for path in ["/", "/clusters/", "/compare/", "/api/clusters/"]
]
print("statuses:", *statuses)
print("session:", bool(client.cookies["sessionid"].value))
"""
    environment = {
        **site_environment,
        "REDIS_URL": f"redis://127.0.0.1:{closed_port}/0",
    }

    output = python_in_production(code, environment)

    # The cache's absence is logged on the same stdout; the results are marked.
    marked = ("statuses:", "session:")
    results = [line for line in output.splitlines() if line.startswith(marked)]
    assert results == ["statuses: 200 200 200 200", "session: True"]


def wsgi_get(path):
    """A GET through Django's WSGI handler as gunicorn calls it, with the request
    signals that close stale database connections."""
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    b"".join(response)
    response.close()
    return int(statuses[0].split()[0])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_survives_a_postgresql_restart_of_its_connection():
    if connection.vendor != "postgresql":
        pytest.skip("terminates a PostgreSQL backend")
    factories.make_cluster()
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert wsgi_get("/") == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend_pid = cursor.fetchone()[0]

    administrator = psycopg2.connect(**connection.get_connection_params())
    try:
        with administrator.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
            assert cursor.fetchone()[0] is True
    finally:
        administrator.close()

    assert wsgi_get("/") == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != backend_pid
