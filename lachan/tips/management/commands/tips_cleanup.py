"""``manage.py tips_cleanup``: the public intake's periodic housekeeping (used form
tokens past their age, finished wrong-receipt throttle windows). Run it hourly from cron
or a systemd timer; ``--enqueue`` hands it to the background worker instead of running
it here."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lachan.tips.tasks import public_intake_cleanup


class Command(BaseCommand):
    help = "Delete used public-intake form tokens past their age and finished throttle rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the task for the worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = public_intake_cleanup.enqueue()
            self.stdout.write(f"Queued tips cleanup task {result.id}.")
            return
        counts = public_intake_cleanup.call()
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {counts['tokens']} form tokens and {counts['throttles']} throttle rows."
            )
        )
