"""Database triggers that make the audit table append-only, for SQLite and PostgreSQL.

The PostgreSQL trigger lets a session that has set ``lachan.audit_maintenance = on``
through, and on SQLite maintenance drops and recreates the triggers: only the test
harness's ``flush`` does either (see ``lachan/core/management/commands/flush.py``).
Anyone who can do that can also edit rows directly — which the hash chain then
detects."""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"

SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete;",
]

POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION lachan_audit_append_only() RETURNS trigger AS $$
       BEGIN
         IF coalesce(current_setting('lachan.audit_maintenance', true), '') = 'on' THEN
           IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
           RETURN NULL;
         END IF;
         RAISE EXCEPTION 'audit events are append-only';
       END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION lachan_audit_append_only();""",
    f"""CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION lachan_audit_append_only();""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS audit_event_append_only ON {TABLE};",
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE};",
    "DROP FUNCTION IF EXISTS lachan_audit_append_only();",
]


def create_triggers(connection: BaseDatabaseWrapper) -> None:
    statements = POSTGRES_CREATE if connection.vendor == "postgresql" else SQLITE_CREATE
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    statements = POSTGRES_DROP if connection.vendor == "postgresql" else SQLITE_DROP
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
