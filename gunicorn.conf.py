"""gunicorn's settings for the portal, read from the environment like Django's.

Run from the project folder: `gunicorn` finds this file and serves portal.wsgi.
"""

import os
from pathlib import Path

wsgi_app = "portal.wsgi:application"

# Behind a reverse proxy on the same host by default; a container sets HOST=0.0.0.0.
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# Recycle workers now and then so a slow leak never grows; the jitter keeps them from
# restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10

# A request taking longer than this is killed; a restart lets running requests finish.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# The heartbeat file lives in memory: a slow or full disk must not look like a hung
# worker.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# systemd or the container runtime manages the process; gunicorn's own control
# socket would only be one more file written to the service user's home.
control_socket_disable = True

# Access and error logs on stdout and stderr, for systemd's journal or a container.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
if os.environ.get("LOG_FORMAT", "plain").strip().lower() == "json":
    # The same one-object-per-line JSON as the portal's own logs.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "portal.logging.JsonFormatter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            },
        },
        "root": {"level": "INFO", "handlers": ["stdout"]},
        "loggers": {
            "gunicorn.error": {"handlers": ["stdout"], "propagate": False},
            "gunicorn.access": {
                "level": "INFO",
                "handlers": ["stdout"],
                "propagate": False,
            },
        },
    }
