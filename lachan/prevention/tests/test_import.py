"""The Excel template, the all-or-nothing import and the export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of
from lachan.prevention import selectors, services, spreadsheet
from lachan.prevention.models import Activity
from lachan.prevention.selectors import ActivityFilter
from lachan.prevention.tests.helpers import GOOD_ROW, filled_template


def test_template_has_vietnamese_sheets_and_lists() -> None:
    book = load_workbook(io.BytesIO(spreadsheet.template()))
    assert book.sheetnames == ["Hướng dẫn", "Hoạt động", "Danh mục"]
    header = [c.value for c in book["Hoạt động"][1]]
    assert header[:3] == ["Loại hoạt động", "Tên", "Từ ngày (dd/mm/yyyy)"]
    assert header[8:10] == ["Số cuộc/buổi", "Số lượt người"]
    assert book["Hướng dẫn"]["A1"].value == "Hướng dẫn điền mẫu nhập hoạt động phòng ngừa"
    kinds = [c.value for c in book["Danh mục"]["A"] if c.value][1:]
    assert kinds[0] == "Buổi tuyên truyền" and len(kinds) == 7
    assert len(book["Hoạt động"].data_validations.dataValidation) == 2


def test_good_rows_import(hp_commune_officer: Any) -> None:
    second = list(GOOD_ROW)
    second[0], second[1], second[4] = "contest", "Hội thi tìm hiểu pháp luật", "Xã Nậm Cắn, Nghệ An"
    second[6], second[9], second[10] = "", 80, None
    content = filled_template([GOOD_ROW, [None] * 13, second])
    result = services.activities_import(actor=hp_commune_officer, content=content)
    assert result.created == 2
    first = Activity.objects.get(kind="awareness")
    assert first.title == "Tuyên truyền tại nhà văn hóa thôn"
    assert first.start_date == first.end_date == dt.date(2025, 3, 10)
    assert (first.sessions, first.attendees, first.budget_vnd) == (3, 1024, 2_500_000)
    assert first.target_groups == ",students,women,"
    assert first.format == "direct"
    assert first.organiser == hp_commune_officer.agency
    contest = Activity.objects.get(kind="contest")
    assert contest.admin_unit.name == "Xã Nậm Cắn"
    assert {a.import_batch for a in Activity.objects.all()} == {result.batch}
    event = AuditEvent.objects.get(action="prevention.activity_import")
    assert event.changes == {"rows": 2, "batch": str(result.batch)}


def test_two_bad_rows_import_nothing(hp_commune_officer: Any) -> None:
    bad_date = list(GOOD_ROW)
    bad_date[2] = "31/02/2025"
    bad_many = list(GOOD_ROW)
    bad_many[0], bad_many[8], bad_many[4] = "Họp chợ", 0, "99999"
    content = filled_template([GOOD_ROW, bad_date, GOOD_ROW, bad_many])
    with pytest.raises(services.ImportRejected) as caught:
        services.activities_import(actor=hp_commune_officer, content=content)
    errors = [(e.row, e.column, e.message) for e in caught.value.row_errors]
    assert errors == [
        (3, "Từ ngày (dd/mm/yyyy)", "Không phải ngày: ghi theo dạng dd/mm/yyyy."),
        (
            5,
            "Loại hoạt động",
            "Loại hoạt động không có trong danh mục: chọn trong trang 'Danh mục'.",
        ),
        (5, "Địa bàn (mã hoặc tên)", "Không có đơn vị hành chính hiện hành nào có mã này."),
        (5, "Số cuộc/buổi", "Nhập số nguyên từ 1 đến 100000."),
    ]
    assert str(caught.value.message) == ("Chưa nhập dòng nào: tệp có 4 lỗi. Hãy sửa rồi gửi lại.")
    assert Activity.objects.count() == 0
    assert not AuditEvent.objects.filter(action="prevention.activity_import").exists()


def test_not_a_workbook_and_wrong_header(hp_commune_officer: Any) -> None:
    with pytest.raises(services.ImportRejected) as caught:
        services.activities_import(actor=hp_commune_officer, content=b"not excel")
    assert "Excel" in str(caught.value.message)
    book = load_workbook(io.BytesIO(filled_template([GOOD_ROW])))
    book["Hoạt động"]["B1"] = "Tiêu đề khác"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(services.ImportRejected) as caught:
        services.activities_import(actor=hp_commune_officer, content=out.getvalue())
    assert caught.value.row_errors[0].row == 1
    with pytest.raises(services.ImportRejected):
        services.activities_import(actor=hp_commune_officer, content=filled_template([]))
    assert Activity.objects.count() == 0


def test_export_round_trips(hp_commune_officer: Any) -> None:
    services.activities_import(actor=hp_commune_officer, content=filled_template([GOOD_ROW]))
    content, count = selectors.activity_export(actor=hp_commune_officer, filters=ActivityFilter())
    assert count == 1
    assert AuditEvent.objects.get(action="prevention.activity_export").changes["rows"] == 1
    # The export is a valid import (extra organiser column ignored).
    result = services.activities_import(actor=hp_commune_officer, content=content)
    assert result.created == 1
    a, b = Activity.objects.order_by("created_at")
    assert (a.title, a.sessions, a.attendees, a.target_groups, a.admin_unit) == (
        b.title,
        b.sessions,
        b.attendees,
        b.target_groups,
        b.admin_unit,
    )


def test_commune_place_by_code(hp_commune_officer: Any) -> None:
    row = list(GOOD_ROW)
    row[4] = commune_of("31").code
    services.activities_import(actor=hp_commune_officer, content=filled_template([row]))
    assert Activity.objects.get().admin_unit == commune_of("31")
