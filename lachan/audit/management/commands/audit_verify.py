"""``manage.py audit_verify``: check the whole audit chain; exit 1 at the first break."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from lachan.audit.verify import find_first_break


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = find_first_break()
        if broken is None:
            self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} events."))
            return
        self.stderr.write(
            f"Audit chain BROKEN at event id={broken.event_id} (seq {broken.seq}): "
            f"{broken.problem}. {checked} events before it are intact."
        )
        sys.exit(1)
