"""Django's ``flush``, taught that the audit table is append-only.

The test harness flushes the database between transactional tests; the audit
triggers would (rightly) refuse that. This lifts them for the flush alone.

The administrative units are reference data loaded by a migration; a flush would
leave later tests without them, so they are loaded again afterwards."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from lachan.audit.db import create_triggers, drop_triggers


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        self._flush(**options)
        from lachan.geo.loading import reload_after_flush

        reload_after_flush(using=options["database"])

    def _flush(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET lachan.audit_maintenance = 'on'")
            try:
                super().handle(**options)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("RESET lachan.audit_maintenance")
            return
        drop_triggers(connection)
        try:
            super().handle(**options)
        finally:
            create_triggers(connection)
