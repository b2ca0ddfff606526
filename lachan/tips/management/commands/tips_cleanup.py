"""``manage.py tips_cleanup``: the public intake's periodic housekeeping — register any
public submission left waiting (e.g. stored while the worker was down), then delete used
form tokens past their age, emptied staging rows and finished wrong-receipt throttle
windows. Run it every few minutes from cron or a systemd timer; ``--enqueue`` hands both
tasks to the background worker instead of running them here."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lachan.tips.tasks import public_intake_cleanup, register_waiting_submissions


class Command(BaseCommand):
    help = (
        "Register waiting public submissions; delete used public-intake form tokens past "
        "their age and finished throttle rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the tasks for the worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            sweep = register_waiting_submissions.enqueue()
            result = public_intake_cleanup.enqueue()
            self.stdout.write(f"Queued tips cleanup task {result.id} (and {sweep.id}).")
            return
        registered = register_waiting_submissions.call()
        counts = public_intake_cleanup.call()
        self.stdout.write(
            self.style.SUCCESS(
                f"Registered {registered} waiting submissions. "
                f"Deleted {counts['tokens']} form tokens and {counts['throttles']} throttle rows."
            )
        )
