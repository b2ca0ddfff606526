"""Database triggers that refuse UPDATE and DELETE on audit events (see audit/db.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from lachan.audit.db import create_triggers

    create_triggers(schema_editor.connection)


def backwards(apps, schema_editor):
    from lachan.audit.db import drop_triggers

    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
