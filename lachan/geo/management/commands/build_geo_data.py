"""``manage.py build_geo_data <dir>``: rebuild the vendored place data in
``lachan/geo/data/`` from an unpacked ``vietnam_provinces`` package (PyPI
``vietnam-provinces``, GPL-3.0-or-later), e.g. ``/tmp/vp/y/vietnam_provinces``.

Sources inside the package, and why:
- ``_lookup.py`` (current units) and ``legacy/_lookup.py`` (legacy units): the
  maintained tables. ``data/*.json`` lag behind them (2026.9.0 still calls Quảng Ninh,
  Bắc Ninh and Đồng Nai "Tỉnh" there and keeps curly apostrophes), so they are only
  compared and the differences printed.
- ``_ward_conversion_2025.py``: the official old→new commune table, with the flag for
  an old commune split across several new ones.
- The legacy hierarchy (commune → district → province) comes from the legacy tables,
  not from the conversion table's own province column, which has slips (it files
  Phường 4 of Tân An, Long An under Tiền Giang). Province and district successors are
  derived from the commune rows; ``_province_conversion_2025.py`` is only compared.

The output is deterministic (sorted, gzip without timestamp), so a re-run on the same
release changes no byte. Re-run it on a newer release, read the printed report, then
``manage.py load_geo``.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lachan.geo.names import split_official_name

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
PACKAGE = "vietnam_provinces"


def _import_package(path: Path) -> dict[str, ModuleType]:
    """Import the unpacked package from ``path`` under its own name (its modules use
    relative imports), whatever else is on ``sys.path``."""
    init = path / "__init__.py"
    if not init.is_file():
        raise CommandError(f"{path} is not an unpacked {PACKAGE} package directory")
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        PACKAGE, init, submodule_search_locations=[str(path)]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = package
    spec.loader.exec_module(package)
    modules = {"package": package}
    for key, name in (
        ("current", "_lookup"),
        ("legacy", "legacy._lookup"),
        ("wards", "_ward_conversion_2025"),
        ("provinces", "_province_conversion_2025"),
    ):
        modules[key] = importlib.import_module(f"{PACKAGE}.{name}")
    return modules


def _unit(code: int, width: int, name: str, division_type: Any) -> list[str]:
    full, short = split_official_name(name, str(division_type))
    return [f"{int(code):0{width}d}", full, short, str(division_type)]


def build(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The three data files' contents, and the report lines."""
    mods = _import_package(path)
    cur, leg, wards = mods["current"], mods["legacy"], mods["wards"]
    report: list[str] = []
    source = {
        "package": "vietnam-provinces",
        "version": mods["package"].__version__,
        "data_version": mods["package"].__data_version__,
        "effective_date": wards.EFFECTIVE_DATE,
    }

    provinces = [
        _unit(p.code, 2, p.name, p.division_type)
        for p in sorted(cur.PROVINCE_MAPPING.values(), key=lambda p: int(p.code))
    ]
    communes = [
        [*_unit(w.code, 5, w.name, w.division_type), f"{int(w.province_code):02d}"]
        for w in sorted(cur.WARD_MAPPING.values(), key=lambda w: int(w.code))
    ]
    legacy_provinces = [
        _unit(p.code, 2, p.name, p.division_type)
        for p in sorted(leg.PROVINCE_MAPPING.values(), key=lambda p: int(p.code))
    ]
    legacy_districts = [
        [*_unit(d.code, 3, d.name, d.division_type), f"{int(d.province_code):02d}"]
        for d in sorted(leg.DISTRICT_MAPPING.values(), key=lambda d: int(d.code))
    ]
    legacy_communes = [
        [*_unit(w.code, 5, w.name, w.division_type), f"{int(w.district_code):03d}"]
        for w in sorted(leg.WARD_MAPPING.values(), key=lambda w: int(w.code))
    ]
    for label, rows, names in (
        ("current provinces", provinces, [p.name for p in cur.PROVINCE_MAPPING.values()]),
        ("current communes", communes, [w.name for w in cur.WARD_MAPPING.values()]),
        ("legacy provinces", legacy_provinces, [p.name for p in leg.PROVINCE_MAPPING.values()]),
        ("legacy districts", legacy_districts, [d.name for d in leg.DISTRICT_MAPPING.values()]),
        ("legacy communes", legacy_communes, [w.name for w in leg.WARD_MAPPING.values()]),
    ):
        report.append(f"{label}: {len(rows)}")
        fixed = sorted(set(names) - {row[1] for row in rows})
        if fixed:
            report.append(f"  type word case normalised in: {', '.join(fixed)}")

    _compare_json(path, cur, report)
    succession = _succession(cur, leg, wards, mods["provinces"], report)
    return (
        {
            "current.json.gz": {"source": source, "provinces": provinces, "communes": communes},
            "legacy.json.gz": {
                "source": source,
                "provinces": legacy_provinces,
                "districts": legacy_districts,
                "communes": legacy_communes,
            },
            "succession.json.gz": {"source": source, **succession},
        },
        report,
    )


def _succession(
    cur: ModuleType, leg: ModuleType, wards: ModuleType, prov: ModuleType, report: list[str]
) -> dict[str, list[list[Any]]]:
    district_of = {int(w.code): int(w.district_code) for w in leg.WARD_MAPPING.values()}
    province_of_district = {
        int(d.code): int(d.province_code) for d in leg.DISTRICT_MAPPING.values()
    }
    province_of_new = {int(w.code): int(w.province_code) for w in cur.WARD_MAPPING.values()}

    commune_rows: list[list[Any]] = []
    district_targets: dict[int, set[int]] = defaultdict(set)
    province_targets: dict[int, set[int]] = defaultdict(set)
    skipped_unknown_old: list[int] = []
    for old_code, entry in sorted(wards.OLD_TO_NEW.items()):
        if old_code not in district_of:
            skipped_unknown_old.append(old_code)
            continue
        new_codes = sorted({int(ref.code) for ref in entry.new_wards})
        unknown_new = [code for code in new_codes if code not in province_of_new]
        if unknown_new:
            raise CommandError(f"old commune {old_code} maps to unknown new {unknown_new}")
        # Split across several new communes, or only partly merged into the one listed:
        # either way the place may lie outside any single successor.
        partial = bool(entry.old_ward.is_partly_merged) or len(new_codes) > 1
        for new_code in new_codes:
            commune_rows.append([f"{old_code:05d}", f"{new_code:05d}", int(partial)])
            district = district_of[old_code]
            district_targets[district].add(province_of_new[new_code])
            province_targets[province_of_district[district]].add(province_of_new[new_code])

    without = sorted(set(district_of) - set(wards.OLD_TO_NEW))
    report.append(
        f"commune successions: {len(commune_rows)} rows, "
        f"{sum(1 for r in commune_rows if r[2])} partial"
    )
    report.append(
        f"legacy communes without a successor in the conversion table: {len(without)}"
        + (f" ({', '.join(f'{c:05d}' for c in without)})" if without else "")
    )
    if skipped_unknown_old:
        report.append(
            "conversion rows for old codes absent from the legacy table (skipped): "
            + ", ".join(f"{c:05d}" for c in skipped_unknown_old)
        )

    # Districts that had no communes (island districts) became a special zone (đặc khu)
    # of the same name: their successor is that commune-level unit, exactly.
    communes_per_district: dict[int, int] = defaultdict(int)
    for district in district_of.values():
        communes_per_district[district] += 1
    new_by_name = {
        (int(w.province_code), w.name.split(" ", 2)[-1]): int(w.code)
        for w in cur.WARD_MAPPING.values()
        if str(w.division_type) == "đặc khu"
    }
    old_to_new_province = {
        old: sorted(targets) for old, targets in province_targets.items() if len(targets) == 1
    }
    district_rows: list[list[Any]] = []
    for d in sorted(leg.DISTRICT_MAPPING.values(), key=lambda d: int(d.code)):
        code = int(d.code)
        if communes_per_district[code] == 0:
            short = split_official_name(d.name, str(d.division_type))[1]
            targets = old_to_new_province.get(int(d.province_code), [])
            match = [new_by_name[(p, short)] for p in targets if (p, short) in new_by_name]
            if len(match) != 1:
                raise CommandError(f"no special zone found for commune-less district {d.name}")
            district_rows.append([f"{code:03d}", f"{match[0]:05d}", 0])
            report.append(f"  district {d.name} → special zone {match[0]:05d}")
            continue
        targets_d = sorted(district_targets.get(code, set()))
        if not targets_d:
            report.append(f"  district {d.name} ({code:03d}) has no successor")
        for target in targets_d:
            district_rows.append([f"{code:03d}", f"{target:02d}", int(len(targets_d) > 1)])
    report.append(
        f"district successions: {len(district_rows)} rows, "
        f"{sum(1 for r in district_rows if r[2])} partial"
    )

    province_rows: list[list[Any]] = []
    for old in sorted(int(p.code) for p in leg.PROVINCE_MAPPING.values()):
        targets_p = sorted(province_targets.get(old, set()))
        if not targets_p:
            raise CommandError(f"legacy province {old:02d} has no successor")
        for target in targets_p:
            province_rows.append([f"{old:02d}", f"{target:02d}", int(len(targets_p) > 1)])
        packaged = sorted(int(ref.code) for ref in prov.OLD_TO_NEW[old].new_provinces)
        if packaged != targets_p:
            report.append(
                f"  legacy province {old:02d}: package table says {packaged}, "
                f"its communes say {targets_p} (kept)"
            )
    report.append(
        f"province successions: {len(province_rows)} rows, "
        f"{sum(1 for r in province_rows if r[2])} partial"
    )
    return {"provinces": province_rows, "districts": district_rows, "communes": commune_rows}


def _compare_json(path: Path, cur: ModuleType, report: list[str]) -> None:
    nested = path / "data" / "nested-divisions.json"
    if not nested.is_file():
        return
    differences = []
    for province in json.loads(nested.read_text(encoding="utf-8")):
        known = cur.PROVINCE_MAPPING.get(province["code"])
        if known is None or known.name != province["name"]:
            differences.append(f"{province['name']!r} → {getattr(known, 'name', None)!r}")
        for ward in province["wards"]:
            known_ward = cur.WARD_MAPPING.get(ward["code"])
            if known_ward is None or known_ward.name != ward["name"]:
                differences.append(f"{ward['name']!r} → {getattr(known_ward, 'name', None)!r}")
    if differences:
        report.append(
            f"data/nested-divisions.json differs from _lookup.py in {len(differences)} names "
            f"(used _lookup.py): {'; '.join(differences)}"
        )


def write(files: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        raw = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        # mtime=0 and no file name: the same input gives the same bytes.
        with (
            open(out / name, "wb") as handle,
            gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0) as gz,
        ):
            gz.write(raw)


class Command(BaseCommand):
    help = "Rebuild lachan/geo/data/*.json.gz from an unpacked vietnam_provinces package."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("package_dir", type=Path, help="e.g. /tmp/vp/y/vietnam_provinces")
        parser.add_argument("--out", type=Path, default=DATA_DIR, help="output directory")

    def handle(self, *args: Any, **options: Any) -> None:
        files, report = build(Path(options["package_dir"]).resolve())
        write(files, options["out"])
        for line in report:
            self.stdout.write(line)
        source = files["current.json.gz"]["source"]
        self.stdout.write(
            f"Wrote {', '.join(files)} to {options['out']} from vietnam-provinces "
            f"{source['version']} (data {source['data_version']})."
        )
