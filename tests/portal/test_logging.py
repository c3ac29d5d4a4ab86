"""Logs as JSON lines (LOG_FORMAT=json) that a log collector can read one by one."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings

from portal.logging import JsonFormatter


@pytest.fixture
def json_log():
    """Records of the django and portal loggers, formatted as JSON, in a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger("django.request"), logging.getLogger("portal")]
    for logger in loggers:
        logger.addHandler(handler)
    yield stream
    for logger in loggers:
        logger.removeHandler(handler)


def entries(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_record_with_line_breaks_and_a_traceback_is_one_line_of_json(json_log):
    logger = logging.getLogger("portal")

    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        logger.exception("Import of %s failed:\n%s", "regions.csv", "line 3")

    (entry,) = entries(json_log)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "portal"
    assert entry["message"] == "Import of regions.csv failed:\nline 3"
    assert "ValueError: bad\nvalue" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_extra_values_become_fields_of_their_own(json_log):
    logging.getLogger("portal").warning(
        "Mail relayed", extra={"reply": 42, "recipient_domain": "example.org"}
    )

    (entry,) = entries(json_log)
    assert entry["reply"] == 42
    assert entry["recipient_domain"] == "example.org"


def test_values_json_cannot_hold_are_written_as_text(json_log):
    logging.getLogger("portal").warning("Odd value", extra={"fields": {"ai"}})

    (entry,) = entries(json_log)
    assert entry["fields"] == "{'ai'}"


@pytest.mark.django_db
def test_a_request_record_names_method_path_and_status_but_no_query(client, json_log):
    client.get("/no-such-page/?token=s3cret")

    (entry,) = entries(json_log)
    assert entry["logger"] == "django.request"
    assert entry["method"] == "GET"
    assert entry["path"] == "/no-such-page/"
    assert entry["status"] == 404
    assert "s3cret" not in json.dumps(entry)


def run_python(code, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="portal.settings", **environment)
    return subprocess.run(
        [sys.executable, "-c", f"import django\ndjango.setup()\n{code}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_log_format_json_writes_json_lines_to_stdout():
    code = "import logging\nlogging.getLogger('clusters').warning('Hello %s', 'world')"

    result = run_python(code, LOG_FORMAT="json")

    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["message"] == "Hello world"


def test_plain_log_lines_are_the_default():
    code = "import logging\nlogging.getLogger('clusters').warning('Hello %s', 'world')"

    result = run_python(code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("WARNING clusters Hello world")


def test_an_unknown_log_format_stops_the_start():
    result = run_python("", LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT must be" in result.stderr
