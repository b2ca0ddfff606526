"""``manage.py rotate_data_key``: re-encrypt every encrypted column under the newest
data key.

Procedure: prepend the new key to ``LACHAN_DATA_KEYS`` (new first, old after), restart,
run this command, then drop the old key. The command reads the stored tokens as they
are (a cast to plain text, so nothing is decrypted through the field) and rotates them
with ``crypto.rotate_token``; tokens already under the newest key are skipped, so a
second run (or a run after an interruption) changes nothing. Each batch commits on its
own; the run is recorded as one audit event ``crypto.rotate_data_key`` carrying the
counts only.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models import TextField, Value
from django.db.models.functions import Cast

from lachan.audit.services import audit_record
from lachan.core.crypto import ENCRYPTED_FIELD_TYPES, is_current, rotate_token

DEFAULT_BATCH = 500


def encrypted_fields() -> list[tuple[type[models.Model], list[models.Field[Any, Any]]]]:
    """Every concrete model with encrypted columns, and those columns."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        fields: list[models.Field[Any, Any]] = [
            f
            for f in meta.concrete_fields
            if isinstance(f, ENCRYPTED_FIELD_TYPES) and f.model is model
        ]
        if fields:
            found.append((model, fields))
    return found


def _raw(name: str) -> str:
    return f"_raw_{name}"


def rotate_model(
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    *,
    batch_size: int,
    dry_run: bool,
) -> Counter[str]:
    """Rotate one model's encrypted columns, keyset-paginated by primary key."""
    counts: Counter[str] = Counter()
    # A cast to plain text: the value arrives as stored, not through from_db_value.
    raw = {_raw(f.name): Cast(f.attname, output_field=TextField()) for f in fields}
    base = model._base_manager.annotate(**raw).order_by("pk")
    last_pk: Any = None
    while True:
        page = base if last_pk is None else base.filter(pk__gt=last_pk)
        rows = list(page.values("pk", *raw)[:batch_size])
        if not rows:
            return counts
        with transaction.atomic():
            for row in rows:
                updates = {}
                for f in fields:
                    token = row[_raw(f.name)]
                    if not token:
                        continue
                    counts["values"] += 1
                    if is_current(token):
                        continue
                    updates[f.attname] = Value(rotate_token(token), output_field=TextField())
                if updates:
                    counts["rotated"] += len(updates)
                    counts["rows"] += 1
                    if not dry_run:
                        model._base_manager.filter(pk=row["pk"]).update(**updates)
        last_pk = rows[-1]["pk"]


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field of every model under the newest data key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size: int = options["batch_size"]
        dry_run: bool = options["dry_run"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        totals: Counter[str] = Counter()
        per_model: dict[str, int] = {}
        for model, fields in encrypted_fields():
            label = model._meta.label_lower
            try:
                counts = rotate_model(model, fields, batch_size=batch_size, dry_run=dry_run)
            except ImproperlyConfigured as exc:
                raise CommandError(
                    f"{label}: a value cannot be decrypted with LACHAN_DATA_KEYS. "
                    "Add the key it was written with (after the new one) and run again."
                ) from exc
            totals.update(counts)
            per_model[label] = counts["rotated"]
            self.stdout.write(
                f"{label}: {counts['values']} encrypted values, {counts['rotated']} rotated"
            )
        verb = "would be rotated" if dry_run else "rotated"
        self.stdout.write(
            f"Total: {totals['values']} encrypted values, {totals['rotated']} {verb} "
            f"in {totals['rows']} rows."
        )
        if not dry_run:
            audit_record(
                actor=None,
                action="crypto.rotate_data_key",
                changes={
                    "values": totals["values"],
                    "rotated": totals["rotated"],
                    "rows": totals["rows"],
                    "models": per_model,
                },
            )
