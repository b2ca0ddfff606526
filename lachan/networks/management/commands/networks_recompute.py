"""``manage.py networks_recompute``: the periodic recompute of the network graph (run it
from cron or a systemd timer, e.g. every 10 minutes). It notices link changes whose
writer did not call ``networks_mark_stale`` and builds the snapshot of the current
version when missing; ``--force`` builds it again anyway."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lachan.networks.store import recompute_if_changed


class Command(BaseCommand):
    help = "Recompute the network graph snapshot when links changed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Rebuild even if current.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = recompute_if_changed(force=options["force"])
        if result.built:
            self.stdout.write(
                f"graph v{result.version}: {result.nodes} nodes, {result.edges} links, "
                f"{result.seconds:.2f} s"
            )
        else:
            self.stdout.write(f"graph v{result.version}: already current")
