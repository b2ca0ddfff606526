"""Helpers of the prevention tests."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import load_workbook

from lachan.core.testing.factories import commune_of
from lachan.prevention import spreadsheet
from lachan.prevention.models import Activity
from lachan.prevention.services import ActivityInput, activity_record


def activity_input(**kwargs: Any) -> ActivityInput:
    values: dict[str, Any] = {
        "kind": "awareness",
        "title": "Tuyên truyền phòng, chống mua bán người cho phụ nữ",
        "start_date": dt.date(2025, 3, 10),
        "admin_unit": commune_of("31"),
        "format": "direct",
        "sessions": 2,
        "attendees": 120,
        "target_groups": ("women",),
    }
    values.update(kwargs)
    return ActivityInput(**values)


def record(actor: Any, **kwargs: Any) -> Activity:
    return activity_record(actor=actor, data=activity_input(**kwargs))


def filled_template(rows: Sequence[Sequence[Any]]) -> bytes:
    """The template with ``rows`` written from row 2 of the data sheet."""
    book = load_workbook(io.BytesIO(spreadsheet.template()))
    sheet = book["Hoạt động"]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD_ROW = [
    "Buổi tuyên truyền",
    "Tuyên truyền tại nhà văn hóa thôn",
    "10/03/2025",
    None,
    "31",
    "Hội Phụ nữ",
    "Phụ nữ; Học sinh, sinh viên",
    "Gặp mặt trực tiếp",
    3,
    "1.024",
    2500000,
    "Tờ rơi",
    "Nên tổ chức buổi tối",
]
