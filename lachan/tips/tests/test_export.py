"""The register book export: exact cells, reporter shown as "ẩn danh" when anonymous and
masked where the exporter may not see them, audited, refused for others."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from lachan.audit.models import AuditEvent
from lachan.core.errors import NotFound
from lachan.tips import services
from lachan.tips.export import tip_register_export
from lachan.tips.tests.helpers import make_tip, verifying

VN = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def march(hp_operator: Any, hp_supervisor: Any, hp_officer: Any) -> list[Any]:
    anonymous = make_tip(
        hp_operator,
        received_at=dt.datetime(2025, 3, 3, 9, tzinfo=VN),
        summary="Rủ đi làm giúp việc ở Trung Quốc",
    )
    named = make_tip(
        hp_operator,
        kind="crime_report",
        channel="letter",
        received_at=dt.datetime(2025, 3, 10, 14, tzinfo=VN),
        content="Đơn của chị Lan về việc em gái mất liên lạc",
        reporter=services.ReporterInput(anonymous=False, name="Lê Thị Lan"),
    )
    named = verifying(named, hp_supervisor, hp_officer)
    services.tip_decide(
        actor=hp_officer,
        tip=named,
        decision="prosecute",
        case_number="VA-12/2025",
        decision_date=dt.date(2025, 3, 28),
    )
    make_tip(hp_operator, received_at=dt.datetime(2025, 4, 1, 8, tzinfo=VN))  # outside
    return [anonymous, named]


def _rows(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_register_book_cells(march: list[Any], hp_supervisor: Any) -> None:
    export = tip_register_export(
        actor=hp_supervisor, period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 3, 31)
    )
    rows = _rows(export.content)
    assert rows[0][0] == "Sổ tiếp nhận nguồn tin về tội phạm, từ 01/03/2025 đến 31/03/2025"
    assert rows[1] == [
        "Số",
        "Ngày tiếp nhận",
        "Người tố giác, báo tin",
        "Tóm tắt nội dung",
        "Phân loại",
        "Cán bộ thụ lý",
        "Quyết định",
        "Ngày quyết định",
    ]
    assert rows[2:] == [
        [
            "0001/2025/CATPHP",
            dt.datetime(2025, 3, 3),
            "ẩn danh",
            "Rủ đi làm giúp việc ở Trung Quốc",
            "Tố giác về tội phạm",
            None,
            "Mới tiếp nhận",
            None,
        ],
        [
            "0002/2025/CATPHP",
            dt.datetime(2025, 3, 10),
            "Lê Thị Lan",
            "Đơn của chị Lan về việc em gái mất liên lạc",
            "Tin báo về tội phạm; liên quan mua bán người; Cưỡng ép kết hôn",
            "Điều tra viên Lê Minh",
            "Khởi tố vụ án (VA-12/2025)",
            dt.datetime(2025, 3, 28),
        ],
    ]
    assert export.filename == "so-tiep-nhan-20250301-20250331.xlsx"
    event = AuditEvent.objects.get(action="tip.export_register")
    assert event.changes == {
        "format": "xlsx",
        "period_start": "2025-03-01",
        "period_end": "2025-03-31",
        "rows": 2,
        "reporters_shown": 1,
    }
    assert event == export.event


def test_operator_sees_only_the_reporters_they_took(
    march: list[Any], hp_operator: Any, make_user: Any, hp_agency: Any
) -> None:
    colleague = make_user(role="intake_operator", agency=hp_agency)
    rows = _rows(
        tip_register_export(
            actor=colleague, period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 3, 31)
        ).content
    )
    assert [row[2] for row in rows[2:]] == ["ẩn danh", "L* T** L**"]
    rows = _rows(
        tip_register_export(
            actor=hp_operator, period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 3, 31)
        ).content
    )
    assert [row[2] for row in rows[2:]] == ["ẩn danh", "Lê Thị Lan"]


def test_export_refused_without_the_permission(
    march: list[Any], hp_officer: Any, hp_analyst: Any
) -> None:
    count = AuditEvent.objects.count()
    for actor in (hp_officer, hp_analyst):
        with pytest.raises(NotFound):
            tip_register_export(
                actor=actor, period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 3, 31)
            )
    assert AuditEvent.objects.count() == count
