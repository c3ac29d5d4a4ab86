"""Exports of a list page's filtered result as CSV or JSON: every row, not one page.

A list view gains exports by mixing in `ExportMixin` and naming an `Export` subclass
that lists its columns. The view's own FilterSet decides the rows, so an export holds
exactly what the page shows across all its pages, in the same order.
"""

import csv
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}

# Rows are read in chunks of this size, each chunk with its own prefetch queries, so
# memory stays bounded and the number of queries grows with chunks, never with rows.
CHUNK_SIZE = 500

# Joins list values inside one CSV cell.
LIST_SEPARATOR = " | "

# A spreadsheet runs a cell that begins with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column of an export: its stable name and how a row's value is read."""

    name: str
    value: Callable[[Any], Any]


class Export:
    """The rows of one list as CSV or JSON. Subclasses name the file and columns and
    shape the queryset so that reading the columns costs no query per row."""

    filename = "export"
    columns: list[Column] = []

    def __init__(self, request):
        self.request = request

    def prepare(self, queryset):
        """The queryset with the joins and prefetches the columns need."""
        return queryset

    def absolute_url(self, obj):
        return self.request.build_absolute_uri(obj.get_absolute_url())

    def records(self, queryset):
        columns = self.columns
        for obj in self.prepare(queryset).iterator(chunk_size=CHUNK_SIZE):
            yield {column.name: column.value(obj) for column in columns}

    def response(self, queryset, export_format):
        if export_format == "csv":
            content = self.csv_lines(queryset)
        else:
            content = self.json_chunks(queryset)
        response = StreamingHttpResponse(content, content_type=FORMATS[export_format])
        name = f"{self.filename}-{timezone.localdate().isoformat()}.{export_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        logger.info("Exporting %s as %s", self.filename, export_format)
        return response

    def csv_lines(self, queryset):
        writer = csv.writer(LineBuffer())
        yield writer.writerow([column.name for column in self.columns])
        for record in self.records(queryset):
            yield writer.writerow([csv_cell(value) for value in record.values()])

    def json_chunks(self, queryset):
        # A JSON array written one record at a time, so no row list is held in memory.
        separator = "[\n"
        for record in self.records(queryset):
            yield separator + json.dumps(
                record, cls=DjangoJSONEncoder, ensure_ascii=False
            )
            separator = ",\n"
        yield "[]\n" if separator == "[\n" else "\n]\n"


class LineBuffer:
    """A file-like object for csv.writer that hands each written line back."""

    def write(self, line):
        return line


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def invalid_filters_response(errors, export_format):
    """A 400 answer that names each invalid filter, in the format that was asked for."""
    if export_format == "csv":
        writer = csv.writer(LineBuffer())
        lines = [writer.writerow(["parameter", "error"])]
        lines += [
            writer.writerow([csv_cell(parameter), csv_cell(str(message))])
            for parameter, field_errors in errors.items()
            for message in field_errors
        ]
        return HttpResponse("".join(lines), content_type=FORMATS["csv"], status=400)

    body = {
        "detail": _("Some filters are not valid. Please correct them and try again."),
        "errors": {
            parameter: [str(message) for message in field_errors]
            for parameter, field_errors in errors.items()
        },
    }
    return HttpResponse(json.dumps(body), content_type=FORMATS["json"], status=400)


class ExportMixin:
    """For a FilterView: `?format=csv` or `?format=json` answers the whole filtered
    result as a download; any other format value renders the page as usual."""

    export_class = None

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("format")
        if self.export_class is None or export_format not in FORMATS:
            return super().get(request, *args, **kwargs)

        filterset = self.get_filterset(self.get_filterset_class())
        if filterset.is_bound and not filterset.is_valid():
            return invalid_filters_response(filterset.errors, export_format)
        return self.export_class(request).response(filterset.qs, export_format)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for parameter in ("page", "format"):
            query.pop(parameter, None)
        context["export_links"] = [
            (export_format.upper(), self.export_url(query, export_format))
            for export_format in FORMATS
        ]
        return context

    def export_url(self, query, export_format):
        query = query.copy()
        query["format"] = export_format
        return "?" + query.urlencode()
