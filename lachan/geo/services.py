"""Writing administrative units: only the reload of the vendored reference data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from lachan.audit.services import audit_record
from lachan.geo.loading import LoadReport, load_geo_data, source_info

if TYPE_CHECKING:
    from lachan.accounts.models import User


def geo_data_load(*, actor: User | None = None) -> LoadReport:
    """Make the units and successions equal the vendored files (idempotent). Run by
    ``manage.py load_geo`` after ``build_geo_data``; audited when anything changed."""
    with transaction.atomic():
        report = load_geo_data()
        if report.changed:
            audit_record(
                actor=actor,
                action="geo.load",
                object_type="geo.adminunit",
                changes={
                    "source_version": source_info()["version"],
                    "created": report.created,
                    "updated": report.updated,
                    "successions_created": report.successions_created,
                    "successions_updated": report.successions_updated,
                    "successions_deleted": report.successions_deleted,
                },
            )
    return report
