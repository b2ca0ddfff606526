"""Load the vendored administrative units and successions (lachan/geo/data/) into
every database, test databases included. Re-running is harmless: the loader matches
rows on (era, code). ``manage.py load_geo`` reloads after a data rebuild."""

from django.db import migrations


def load(apps, schema_editor):
    from lachan.geo.loading import load_geo_data

    load_geo_data(
        unit_model=apps.get_model("geo", "AdminUnit"),
        succession_model=apps.get_model("geo", "Succession"),
        using=schema_editor.connection.alias,
    )


def unload(apps, schema_editor):
    # Reversing leaves the reference rows: other apps' rows may point at them.
    pass


class Migration(migrations.Migration):

    dependencies = [
        ("geo", "0002_name_key_prefix_index"),
    ]

    operations = [migrations.RunPython(load, unload, elidable=False)]
