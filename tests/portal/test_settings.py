import os
import subprocess
import sys

from django.conf import settings


def run_with_environment(**environment):
    env = {**os.environ, **environment}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with_environment(DEBUG="false", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_secret_key():
    result = run_with_environment(
        DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="portal.example"
    )

    assert result.returncode == 0, result.stderr
