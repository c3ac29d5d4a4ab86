"""Log records as JSON, one object per line, for log collectors (LOG_FORMAT=json)."""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else on a record came from `extra=`.
STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None))
) | {"message", "asctime"}

# Django passes the request object itself; the formatter keeps only what is safe to
# ship (the query string may hold search terms or tokens, so the path goes alone).
OMITTED_EXTRAS = frozenset({"request", "status_code", "server_time"})


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON: time, level, logger and message, the
    method, path and status of the request it concerns, and the `extra` values."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(request_fields(record))
        entry.update(
            (key, value)
            for key, value in vars(record).items()
            if key not in STANDARD_ATTRIBUTES and key not in OMITTED_EXTRAS
        )

        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def request_fields(record):
    """The method, path and status of the request a record is about, if any."""
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        # gunicorn hands its access log the request's atoms as a mapping.
        atoms = record.args
        return {
            "method": atoms.get("m"),
            "path": atoms.get("U"),
            "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else None,
            "duration_ms": round(int(atoms.get("D", 0)) / 1000, 1),
        }

    fields = {}
    request = getattr(record, "request", None)
    if hasattr(request, "method") and hasattr(request, "path"):
        fields["method"] = request.method
        fields["path"] = request.path
    status = getattr(record, "status_code", None)
    if status is not None:
        fields["status"] = status
    return fields
