"""The audit trail as CSV: UTF-8 with a byte-order mark (so that Excel reads
Vietnamese correctly), written row by row for streaming."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import UTC
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lachan.audit.models import AuditEvent

BOM = "\ufeff"
# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """A file-like object whose ``write`` hands back what it was given."""

    def write(self, value: str) -> str:
        return value


def header() -> list[str]:
    return [
        _("No."),
        _("Time (Vietnam)"),
        _("Time (UTC)"),
        _("User"),
        _("Agency"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Interface"),
        _("Changes"),
        _("Reason"),
        _("Hash"),
    ]


def safe_cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_PREFIXES) else value


def changes_text(changes: Any) -> str:
    if not changes:
        return ""
    return json.dumps(changes, ensure_ascii=False, sort_keys=True)


def row(event: AuditEvent) -> list[str]:
    agency = event.agency if event.agency_id else None
    return [
        str(event.seq),
        timezone.localtime(event.occurred_at).strftime("%d/%m/%Y %H:%M:%S"),
        event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        safe_cell(event.actor_username),
        safe_cell(agency.name if agency else ""),
        safe_cell(event.action),
        safe_cell(event.object_type),
        safe_cell(event.object_id),
        event.interface,
        safe_cell(changes_text(event.changes)),
        safe_cell(event.reason),
        event.hash,
    ]


def csv_lines(events: Iterable[AuditEvent], *, columns: list[str]) -> Iterator[str]:
    """``columns`` is passed in (already translated) because the rows are produced
    while streaming, after the view has returned."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(columns)
    for event in events:
        yield writer.writerow(row(event))
