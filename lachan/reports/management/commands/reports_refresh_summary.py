"""``manage.py reports_refresh_summary``: bring the monthly tip summary up to date (the
tips changed since the last run; ``--full`` rebuilds it, after a reload of the
administrative units or a deletion of tips). Run it every 5 minutes from cron or a
systemd timer; ``--enqueue`` hands it to the background worker instead."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lachan.reports.tasks import refresh_tip_summary


class Command(BaseCommand):
    help = "Refresh the monthly tip summary read by the analysis page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Rebuild the whole summary.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the task for the worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = refresh_tip_summary.enqueue(full=options["full"])
            self.stdout.write(f"Queued summary refresh task {result.id}.")
            return
        outcome = refresh_tip_summary.call(full=options["full"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Summary refreshed ({'full' if outcome['full'] else 'incremental'}): "
                f"{outcome['groups']} groups recomputed, {outcome['rows']} rows."
            )
        )
