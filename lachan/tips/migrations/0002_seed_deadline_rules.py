"""Seed the legal time limits (CPC 2015 Arts 145–149). The values are copied here, not
imported, so that this migration keeps meaning what it meant when later code changes."""

import uuid

from django.db import migrations

RULES = [
    # code, amount, unit, agency_type, roll to working day, legal basis
    ("decision", 20, "days", "", True, "CPC 2015 Art 147(1)"),
    ("complex", 2, "months", "", True, "CPC 2015 Art 147(1)"),
    ("extension", 2, "months", "", True, "CPC 2015 Art 147(1)"),
    ("resumed", 1, "months", "", True, "CPC 2015 Art 149(2)"),
    ("transfer", 24, "hours", "commune_police", False, "CPC 2015 Art 145(3)"),
    ("transfer_remote", 48, "hours", "commune_police", False, "CPC 2015 Art 145(3)"),
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("tips", "DeadlineRule")
    for code, amount, unit, agency_type, roll, basis in RULES:
        DeadlineRule.objects.get_or_create(
            code=code,
            defaults={
                "id": uuid.uuid4(),
                "amount": amount,
                "unit": unit,
                "agency_type": agency_type,
                "roll_to_working_day": roll,
                "legal_basis": basis,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("tips", "DeadlineRule").objects.filter(code__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("tips", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
