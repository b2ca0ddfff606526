"""Loading the vendored place data (``data/*.json.gz``) into the database.

One function serves the data migration (with the historical models, so it runs in
every new database, test databases included), ``manage.py load_geo`` and the test
harness's flush. It is idempotent: rows are matched on (era, code), created when
missing, updated when different and otherwise left alone; units are never deleted
(records point at them), successions are made to equal the files."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connections, models, transaction

from lachan.geo.names import unit_key

DATA_DIR = Path(__file__).resolve().parent / "data"
CURRENT, LEGACY = "2025", "legacy"  # Era values, spelled out: migrations may not import enums
PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"
BATCH = 2000
_UNIT_FIELDS = ("name", "short_name", "division_type", "name_key", "parent_id", "province_id")


@cache
def read_files() -> dict[str, Any]:
    """The three data files, parsed once per process."""
    return {
        name: json.loads(gzip.decompress((DATA_DIR / f"{name}.json.gz").read_bytes()))
        for name in ("current", "legacy", "succession")
    }


def source_info() -> dict[str, str]:
    return dict(read_files()["current"]["source"])


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    successions_deleted: int = 0
    stale_codes: list[str] = field(default_factory=list)  # in the database, not in the files

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.successions_created
            or self.successions_updated
            or self.successions_deleted
        )


def _load_level(
    unit_model: type[models.Model],
    *,
    era: str,
    level: str,
    rows: list[tuple[str, str, str, str, str | None]],  # code, name, short, type, parent
    parent_ids: dict[str, int],
    province_of_parent: dict[str, int],
    report: LoadReport,
    using: str,
) -> dict[str, int]:
    """Create or update one level; return code → id for it."""
    manager = unit_model._default_manager.db_manager(using)
    existing = {
        row["code"]: row
        for row in manager.filter(era=era, level=level).values("id", "code", *_UNIT_FIELDS)
    }
    to_create: list[tuple[Any, ...]] = []
    to_update: list[models.Model] = []
    for code, name, short_name, division_type, parent_code in rows:
        wanted: dict[str, Any] = {
            "name": name,
            "short_name": short_name,
            "division_type": division_type,
            "name_key": unit_key(short_name),
            "parent_id": parent_ids[parent_code] if parent_code else None,
            # A province points at itself; that needs its id, set after creation.
            "province_id": province_of_parent[parent_code] if parent_code else None,
        }
        have = existing.pop(code, None)
        if have is None:
            to_create.append((era, level, code, *(wanted[name_] for name_ in _UNIT_FIELDS)))
            continue
        if level == PROVINCE:
            wanted["province_id"] = have["id"]
        if any(have[name_] != value for name_, value in wanted.items()):
            to_update.append(unit_model(id=have["id"], era=era, level=level, code=code, **wanted))
        else:
            report.unchanged += 1
    _insert(unit_model, using, ("era", "level", "code", *_UNIT_FIELDS), to_create)
    manager.bulk_update(to_update, _UNIT_FIELDS, batch_size=BATCH)
    report.created += len(to_create)
    report.updated += len(to_update)
    report.stale_codes += sorted(f"{era}:{code}" for code in existing)
    ids = dict(manager.filter(era=era, level=level).values_list("code", "id"))
    if level == PROVINCE:
        manager.filter(era=era, level=level, province__isnull=True).update(
            province_id=models.F("id")
        )
    return ids


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.column)


def _insert(
    model: type[models.Model], using: str, fields: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """INSERT many rows in one executemany: the ORM's bulk_create spends seconds
    preparing 14,000 model instances, and this runs in every new (test) database."""
    if not rows:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = [_column(model, name) for name in fields]
    table = quote(str(model._meta.db_table))
    column_list = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy"):
            # psycopg 3: COPY is some 25 times faster than INSERTs here.
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        # SQLite runs one prepared statement over the rows, in C.
        cursor.executemany(
            f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})",  # noqa: S608
            rows,
        )


def load_geo_data(
    *,
    unit_model: type[models.Model] | None = None,
    succession_model: type[models.Model] | None = None,
    using: str = "default",
) -> LoadReport:
    """Make the database hold exactly the vendored units and successions. Run it inside
    a transaction (the migration and the service do)."""
    if unit_model is None or succession_model is None:
        from lachan.geo.models import AdminUnit, Succession

        unit_model, succession_model = AdminUnit, Succession
    files = read_files()
    report = LoadReport()

    def level(
        era: str,
        name: str,
        rows: list[tuple[Any, ...]],
        parents: dict[str, int],
        province_of_parent: dict[str, int],
    ) -> dict[str, int]:
        return _load_level(
            unit_model, era=era, level=name, rows=rows, parent_ids=parents,
            province_of_parent=province_of_parent, report=report, using=using,
        )  # fmt: skip

    current, legacy = files["current"], files["legacy"]
    cur_prov = level(CURRENT, PROVINCE, [(*r, None) for r in current["provinces"]], {}, {})
    cur_comm = level(CURRENT, COMMUNE, current["communes"], cur_prov, cur_prov)
    leg_prov = level(LEGACY, PROVINCE, [(*r, None) for r in legacy["provinces"]], {}, {})
    leg_dist = level(LEGACY, DISTRICT, legacy["districts"], leg_prov, leg_prov)
    district_province = {row[0]: leg_prov[row[4]] for row in legacy["districts"]}
    leg_comm = level(LEGACY, COMMUNE, legacy["communes"], leg_dist, district_province)

    succession = files["succession"]
    legacy_ids = {**leg_prov, **leg_dist, **leg_comm}
    current_ids = {**cur_prov, **cur_comm}
    wanted = {
        (legacy_ids[old], current_ids[new]): bool(partial)
        for key in ("provinces", "districts", "communes")
        for old, new, partial in succession[key]
    }
    _sync_successions(succession_model, wanted, report, using)
    from lachan.geo.selectors import clear_geo_cache

    clear_geo_cache()
    return report


def _sync_successions(
    succession_model: type[models.Model],
    wanted: dict[tuple[int, int], bool],
    report: LoadReport,
    using: str,
) -> None:
    manager = succession_model._default_manager.db_manager(using)
    have = {
        (row[1], row[2]): (row[0], row[3])
        for row in manager.values_list("id", "legacy_id", "current_id", "partial")
    }
    stale = [pk for pair, (pk, _) in have.items() if pair not in wanted]
    for start in range(0, len(stale), BATCH):
        manager.filter(pk__in=stale[start : start + BATCH]).delete()
    to_create = [
        (old, new, partial) for (old, new), partial in wanted.items() if (old, new) not in have
    ]
    to_update = [
        succession_model(id=have[pair][0], legacy_id=pair[0], current_id=pair[1], partial=partial)
        for pair, partial in wanted.items()
        if pair in have and have[pair][1] != partial
    ]
    _insert(succession_model, using, ("legacy_id", "current_id", "partial"), to_create)
    manager.bulk_update(to_update, ["partial"], batch_size=BATCH)
    report.successions_created += len(to_create)
    report.successions_updated += len(to_update)
    report.successions_deleted += len(stale)


def reload_after_flush(*, using: str = "default") -> None:
    """``manage.py flush`` (run by the test harness between transactional tests) empties
    every table; the units are reference data every other table relies on."""
    from lachan.geo.models import AdminUnit

    if AdminUnit._meta.db_table not in connections[using].introspection.table_names():
        return
    with transaction.atomic(using=using):
        load_geo_data(using=using)
