"""Test helper: the real administrative units the tests use (Hải Phòng "31", Nghệ An
"40", one commune of each). The geo data migration loads every unit; until it is in
the tree this creates just these two provinces (and a placeholder commune each), so
the tests run either way."""

from __future__ import annotations

from lachan.core.text import fold
from lachan.geo.models import AdminUnit, Era, Level

PROVINCES = {
    "31": ("Thành phố Hải Phòng", "Hải Phòng", "thành phố"),
    "40": ("Tỉnh Nghệ An", "Nghệ An", "tỉnh"),
}
# Placeholders, created only when the geo data is absent (then commune_of() finds them).
COMMUNES = {
    "31": ("11311", "Phường Hồng Bàng", "Hồng Bàng"),
    "40": ("16681", "Phường Vinh Phú", "Vinh Phú"),
}


def ensure_test_units() -> None:
    for code, (name, short, kind) in PROVINCES.items():
        if AdminUnit.objects.filter(era=Era.CURRENT, code=code).exists():
            continue
        province = AdminUnit.objects.create(
            era=Era.CURRENT,
            level=Level.PROVINCE,
            code=code,
            name=name,
            short_name=short,
            division_type=kind,
            name_key=fold(short),
        )
        province.province = province
        province.save(update_fields=["province"])
        commune_code, commune_name, commune_short = COMMUNES[code]
        AdminUnit.objects.create(
            era=Era.CURRENT,
            level=Level.COMMUNE,
            code=commune_code,
            name=commune_name,
            short_name=commune_short,
            division_type="phường",
            name_key=fold(commune_short),
            parent=province,
            province=province,
        )
