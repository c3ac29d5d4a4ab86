"""The methodology document, rendered from the same criteria as /methodology/."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .criteria import sync_criteria

METHODOLOGY_FILE = settings.BASE_DIR / "docs" / "methodology.md"


def render_methodology():
    """docs/methodology.md as it should read for the current criteria definitions.

    The criteria are written to the database first (inside a transaction that is rolled
    back), so the document never depends on the state of a particular database.
    """
    from .views import methodology_context

    with translation.override("en"), transaction.atomic():
        sync_criteria()
        text = render_to_string("clusters/methodology.md", methodology_context())
        transaction.set_rollback(True)
    return text.strip() + "\n"
