"""The vendored data as loaded by the migration: counts, codes, names, hierarchy, and a
loader that is idempotent."""

from __future__ import annotations

import gzip
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import Length

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of, unit
from lachan.core.text import fold
from lachan.geo.loading import DATA_DIR, load_geo_data, source_info
from lachan.geo.models import AdminUnit, Era, Level, Succession
from lachan.geo.services import geo_data_load

pytestmark = pytest.mark.django_db


def _count(era: str, level: str) -> int:
    return AdminUnit.objects.filter(era=era, level=level).count()


def test_counts_match_the_official_numbers() -> None:
    assert _count(Era.CURRENT, Level.PROVINCE) == 34
    assert _count(Era.CURRENT, Level.COMMUNE) == 3321
    assert _count(Era.CURRENT, Level.DISTRICT) == 0
    assert _count(Era.LEGACY, Level.PROVINCE) == 63
    assert _count(Era.LEGACY, Level.DISTRICT) == 696
    assert _count(Era.LEGACY, Level.COMMUNE) == 10051


def test_current_communes_by_type() -> None:
    by_type = dict(
        AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE)
        .values_list("division_type")
        .annotate(n=Count("id"))
    )
    assert by_type == {"xã": 2621, "phường": 687, "đặc khu": 13}


@pytest.mark.parametrize(
    ("code", "name", "short_name", "division_type", "name_key"),
    [
        ("01", "Thành phố Hà Nội", "Hà Nội", "thành phố trung ương", "ha noi"),
        ("31", "Thành phố Hải Phòng", "Hải Phòng", "thành phố trung ương", "hai phong"),
        ("40", "Tỉnh Nghệ An", "Nghệ An", "tỉnh", "nghe an"),
        ("92", "Thành phố Cần Thơ", "Cần Thơ", "thành phố trung ương", "can tho"),
    ],
)
def test_province_codes_are_the_statistics_codes(
    code: str, name: str, short_name: str, division_type: str, name_key: str
) -> None:
    province = AdminUnit.objects.get(era=Era.CURRENT, code=code)
    assert (province.level, province.name, province.short_name) == ("province", name, short_name)
    assert (province.division_type, province.name_key) == (division_type, name_key)
    assert province.province_id == province.pk
    assert province.parent_id is None


def test_code_widths_are_fixed_per_level() -> None:
    widths = set(
        AdminUnit.objects.annotate(width=Length("code")).values_list("era", "level", "width")
    )
    assert widths == {
        ("2025", "province", 2),
        ("2025", "commune", 5),
        ("legacy", "province", 2),
        ("legacy", "district", 3),
        ("legacy", "commune", 5),
    }


def test_current_commune_hangs_off_its_province() -> None:
    commune = AdminUnit.objects.select_related("parent", "province").get(
        era=Era.CURRENT, code="00004"
    )
    assert (commune.name, commune.short_name, commune.division_type) == (
        "Phường Ba Đình",
        "Ba Đình",
        "phường",
    )
    assert commune.parent.code == commune.province.code == "01"
    assert commune.parent.era == Era.CURRENT


def test_legacy_commune_hangs_off_district_then_province() -> None:
    commune = AdminUnit.objects.select_related("parent__parent", "province").get(
        era=Era.LEGACY, code="00001"
    )
    assert commune.name == "Phường Phúc Xá"
    assert (commune.parent.code, commune.parent.name) == ("001", "Quận Ba Đình")
    assert (commune.parent.parent.code, commune.province.code) == ("01", "01")
    assert commune.province.era == Era.LEGACY


def test_every_name_key_is_the_folded_short_name() -> None:
    wrong = [
        (era, code)
        for era, code, short_name, key in AdminUnit.objects.values_list(
            "era", "code", "short_name", "name_key"
        )
        if key != fold(short_name)
    ]
    assert wrong == []


def test_numbered_units_keep_their_type_word() -> None:
    district = AdminUnit.objects.get(era=Era.LEGACY, code="760")
    assert (district.name, district.short_name, district.name_key) == (
        "Quận 1",
        "Quận 1",
        "quan 1",
    )


def test_type_word_case_is_normalised() -> None:
    # The package spells these "xã Bắc Sơn" and "Thành Phố Bắc Kạn".
    names = list(AdminUnit.objects.values_list("name", flat=True))  # SQLite LIKE ignores case
    assert [name for name in names if name.startswith("xã ") or "Thành Phố" in name] == []
    assert AdminUnit.objects.get(era=Era.LEGACY, code="058").name == "Thành phố Bắc Kạn"


def test_factories_find_real_units() -> None:
    assert unit("31").name == "Thành phố Hải Phòng"
    commune = commune_of("31")
    assert commune.level == Level.COMMUNE
    assert commune.province.code == "31"


def test_succession_rows() -> None:
    province_rows = Succession.objects.filter(legacy__level=Level.PROVINCE)
    assert province_rows.count() == 63
    assert not province_rows.filter(partial=True).exists()
    commune_rows = Succession.objects.filter(legacy__level=Level.COMMUNE)
    assert commune_rows.count() == 10554
    assert commune_rows.filter(partial=True).count() == 1103
    assert Succession.objects.filter(legacy__level=Level.DISTRICT).count() == 696


def test_data_files_name_their_source() -> None:
    assert source_info() == {
        "package": "vietnam-provinces",
        "version": "2026.9.0",
        "data_version": "2026-09-20",
        "effective_date": "2025-07-01",
    }
    succession = json.loads(gzip.decompress((DATA_DIR / "succession.json.gz").read_bytes()))
    assert succession["provinces"][0] == ["01", "01", 0]


def test_reload_changes_nothing() -> None:
    before = list(AdminUnit.objects.order_by("pk").values_list("pk", "code", "name"))
    report = load_geo_data()
    assert (report.created, report.updated, report.unchanged) == (0, 0, 14165)
    assert not report.changed
    assert list(AdminUnit.objects.order_by("pk").values_list("pk", "code", "name")) == before


def test_reload_repairs_edits_and_keeps_ids() -> None:
    hai_phong = unit("31")
    AdminUnit.objects.filter(pk=hai_phong.pk).update(name="Sai", name_key="sai")
    Succession.objects.filter(legacy__era=Era.LEGACY, legacy__code="24").delete()
    Succession.objects.filter(legacy__code="00016").update(partial=False)

    report = load_geo_data()

    assert (report.created, report.updated) == (0, 1)
    assert (report.successions_created, report.successions_updated) == (1, 2)
    hai_phong.refresh_from_db()
    assert (hai_phong.name, hai_phong.name_key) == ("Thành phố Hải Phòng", "hai phong")
    assert Succession.objects.filter(legacy__code="24", legacy__era=Era.LEGACY).count() == 1


def test_load_service_audits_only_a_change() -> None:
    events = AuditEvent.objects.count()
    geo_data_load(actor=None)
    assert AuditEvent.objects.count() == events

    AdminUnit.objects.filter(era=Era.CURRENT, code="40").update(short_name="x")
    geo_data_load(actor=None)

    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == events + 1
    assert event.action == "geo.load"
    assert event.changes == {
        "source_version": "2026.9.0",
        "created": 0,
        "updated": 1,
        "successions_created": 0,
        "successions_updated": 0,
        "successions_deleted": 0,
    }


def test_load_geo_command_reports() -> None:
    out = StringIO()
    call_command("load_geo", stdout=out)
    assert out.getvalue().strip() == (
        "vietnam-provinces 2026.9.0 (data 2026-09-20): units 0 created, 0 updated, "
        "14165 unchanged; successions 0 created, 0 updated, 0 deleted."
    )
