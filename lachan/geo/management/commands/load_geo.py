"""``manage.py load_geo``: (re)load the vendored administrative units and the legacy →
current successions into the database. Safe to run any number of times."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lachan.geo.loading import source_info
from lachan.geo.services import geo_data_load


class Command(BaseCommand):
    help = "Load lachan/geo/data/*.json.gz into the database (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = geo_data_load(actor=None)
        source = source_info()
        self.stdout.write(
            f"vietnam-provinces {source['version']} (data {source['data_version']}): "
            f"units {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged; successions {report.successions_created} created, "
            f"{report.successions_updated} updated, {report.successions_deleted} deleted."
        )
        if report.stale_codes:
            # Kept: records may point at them. Listed so that an operator can check.
            self.stdout.write(
                f"{len(report.stale_codes)} units are no longer in the data and were kept: "
                + ", ".join(report.stale_codes[:50])
            )
