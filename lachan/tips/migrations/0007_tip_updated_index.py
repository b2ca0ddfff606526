# The reports' monthly tip summary is refreshed incrementally from the tips changed since
# its last run (lachan/reports/summary): an index on updated_at keeps that look-up cheap.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tips", "0006_public_submission"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="tip",
            index=models.Index(fields=["updated_at"], name="tips_updated"),
        ),
    ]
