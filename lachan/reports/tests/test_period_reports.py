"""Period reports end to end: request (queued, audited), produce (the task's body:
progress, files, audited), download (audited; not before it is ready), the Excel opened
and read back, the PDF's text layer read back and its pages rendered to images and
compared with committed references, so broken Vietnamese glyphs are caught."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2
import pytest
from openpyxl import load_workbook
from PIL import Image

from lachan.audit.models import AuditEvent
from lachan.core.errors import Conflict, NotFound
from lachan.reports import services
from lachan.reports.models import PeriodReport, ReportStatus
from lachan.reports.period import ReportData, RollUp, RollUpRow
from lachan.reports.periods import parse_period
from lachan.reports.render import render_excel, render_pdf
from lachan.reports.sources import Breakdown, Figure, SectionData
from lachan.reports.tests.conftest import YEAR

REFERENCE = Path(__file__).resolve().parent / "reference"
LESSONS = "Phối hợp liên ngành hiệu quả; cần tăng cường tuyên truyền ở vùng biên giới Nghệ An."


def pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def pdf_images(content: bytes) -> list[Image.Image]:
    pdf = pypdfium2.PdfDocument(content)
    try:
        return [page.render(scale=2).to_pil().convert("L") for page in pdf]
    finally:
        pdf.close()


@pytest.mark.django_db
def test_request_produce_download(
    sample_tips: Any, analyst: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.period_report_request(
            actor=analyst, period=parse_period(str(YEAR)), lessons_learned=LESSONS
        )
    assert len(callbacks) == 1  # the task is enqueued once the row is committed
    assert report.status == ReportStatus.QUEUED
    assert report.title.endswith(str(YEAR))
    with pytest.raises(Conflict):
        services.period_report_download(actor=analyst, report_id=report.pk, fmt="pdf")
    done = services.period_report_produce(report_id=report.pk)
    assert done is not None and done.status == ReportStatus.DONE and done.progress == 100
    again = services.period_report_produce(report_id=report.pk)  # idempotent
    assert again is not None and again.finished_at == done.finished_at
    actions = list(
        AuditEvent.objects.filter(object_id=str(report.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["report.request", "report.produce"]

    excel = services.period_report_download(actor=analyst, report_id=report.pk, fmt="xlsx")
    assert excel.filename == f"bao-cao-{YEAR}0101-{YEAR}1231.xlsx"
    workbook = load_workbook(io.BytesIO(excel.content))
    assert len(workbook.sheetnames) == 9  # overview, 6 sections, tips roll-up, lessons
    tips = workbook[workbook.sheetnames[1]]
    assert tips["A5"].fill.fgColor.rgb.endswith("1F4E79") and tips["A5"].font.b
    values = {
        tips.cell(row=r, column=1).value: tips.cell(row=r, column=2).value for r in range(6, 13)
    }
    assert 7 in values.values() and 3 in values.values()
    rollup = workbook[workbook.sheetnames[2]]
    names = [rollup.cell(row=r, column=1).value for r in range(6, 6 + 35)]
    assert "Hải Phòng" in names and names[-1] in ("Tổng cộng", "Total")
    assert rollup.cell(row=6 + 34, column=2).value == 7
    lessons = workbook[workbook.sheetnames[-1]]
    assert lessons["A5"].value == LESSONS

    pdf = services.period_report_download(actor=analyst, report_id=report.pk, fmt="pdf")
    text = pdf_text(pdf.content)
    assert (
        LESSONS in text.replace("\r\n", " ").replace("\n", " ") or "tăng cường tuyên truyền" in text
    )
    assert "Hải Phòng" in text and "Nghệ An" in text
    assert "\ufffd" not in text
    downloads = AuditEvent.objects.filter(object_id=str(report.pk), action="report.download")
    assert sorted(downloads.values_list("changes", flat=True), key=str) == [
        {"format": "pdf"},
        {"format": "xlsx"},
    ]


@pytest.mark.django_db
def test_out_of_reach_report_is_not_found(
    analyst: Any, hp_supervisor: Any, na_supervisor: Any
) -> None:
    report = services.period_report_request(actor=hp_supervisor, period=parse_period(str(YEAR)))
    assert report.agency_id == hp_supervisor.agency_id
    services.period_report_produce(report_id=report.pk)
    before = AuditEvent.objects.count()
    with pytest.raises(NotFound):
        services.period_report_download(actor=na_supervisor, report_id=report.pk, fmt="pdf")
    assert AuditEvent.objects.count() == before
    # The national analyst reaches every report.
    assert services.period_report_download(actor=analyst, report_id=report.pk, fmt="pdf").content


def fixed_data() -> ReportData:
    """A report whose every value is fixed (no database): the reference pages."""
    period = parse_period("2021-2025")
    sections = [
        SectionData(
            key="tips",
            title="Nguồn tin về tội phạm",
            available=True,
            figures=(
                Figure("received", "Số nguồn tin tiếp nhận", 54131),
                Figure("resolved", "Đã giải quyết", 49012),
                Figure("resolution_rate", "Tỷ lệ giải quyết", 0.905, percent=True),
            ),
            breakdowns=(
                Breakdown(
                    "kind",
                    "Theo loại",
                    (("Tố giác về tội phạm", 40211), ("Tin báo về tội phạm", 13920)),
                ),
            ),
        ),
        SectionData(
            key="victims", title="Nạn nhân và hỗ trợ", available=False, note="chưa có dữ liệu"
        ),
    ]
    rollup = RollUp(
        level="province",
        rows=(
            RollUpRow(
                "Hải Phòng",
                {
                    "received": 1024,
                    "resolved": 900,
                    "overdue": 12,
                    "trafficking_related": 88,
                    "classified": 0,
                    "resolved_within_deadline": 0,
                },
            ),
            RollUpRow(
                "Nghệ An",
                {
                    "received": 2048,
                    "resolved": 1800,
                    "overdue": 7,
                    "trafficking_related": 301,
                    "classified": 0,
                    "resolved_within_deadline": 0,
                },
            ),
        ),
        total={
            "received": 3072,
            "resolved": 2700,
            "overdue": 19,
            "trafficking_related": 389,
            "classified": 0,
            "resolved_within_deadline": 0,
        },
    )
    return ReportData(
        title="Báo cáo tổng kết công tác phòng, chống mua bán người giai đoạn 2021–2025",
        header="Ban Chỉ đạo 138/CP",
        place="Hà Nội",
        period=period,
        generated_at=dt.datetime(2026, 1, 15, 3, 0, tzinfo=dt.UTC),
        sections=sections,
        rollup=rollup,
        lessons_learned=LESSONS
        + "\n\nĐồng bào dân tộc thiểu số ở Điện Biên, Lào Cai cần được ưu tiên.",
    )


@pytest.mark.django_db  # gettext reads the database-free catalogue; marked for settings
def test_pdf_pages_match_the_references_and_the_text_is_vietnamese() -> None:
    from django.utils import translation

    with translation.override("vi"):
        content = render_pdf(fixed_data())
    text = pdf_text(content)
    for expected in (
        "BAN CHỈ ĐẠO 138/CP",
        "Nguồn tin về tội phạm",
        "54.131",
        "90,5%",
        "Đồng bào dân tộc thiểu số ở Điện Biên, Lào Cai",
        "chưa có dữ liệu",
        "Hải Phòng",
    ):
        assert expected in text, expected
    assert "Trang 1/" in text
    images = pdf_images(content)
    update = os.environ.get("LACHAN_UPDATE_REFERENCE") == "1"
    for number, image in enumerate(images, start=1):
        path = REFERENCE / f"period_report_p{number}.png"
        if update:
            image.save(path, optimize=True)
            continue
        reference = Image.open(path).convert("L")
        assert reference.size == image.size
        diff = np.abs(np.asarray(reference, dtype=np.int16) - np.asarray(image, dtype=np.int16))
        # Anti-aliasing may differ by a shade between builds; a missing glyph (a box or
        # a blank) changes hundreds of pixels by far more.
        assert (diff > 64).sum() < 25, f"page {number} differs from its reference"
    assert len(images) == len(list(REFERENCE.glob("period_report_p*.png")))


def test_a_missing_glyph_would_be_caught() -> None:
    """The comparison is sensitive enough: three letters losing their diacritic ("ệ" drawn
    as "e", as a font without the glyph's mark would) move more pixels than it allows."""
    from django.utils import translation

    data = fixed_data()
    other = ReportData(
        **{**data.__dict__, "lessons_learned": data.lessons_learned.replace("ệ", "e")}
    )
    assert data.lessons_learned.count("ệ") == 3
    with translation.override("vi"):
        a = pdf_images(render_pdf(data))[-1]
        b = pdf_images(render_pdf(other))[-1]
    diff = np.abs(np.asarray(a, dtype=np.int16) - np.asarray(b, dtype=np.int16))
    assert (diff > 64).sum() >= 25


def test_excel_of_fixed_data() -> None:
    workbook = load_workbook(io.BytesIO(render_excel(fixed_data())))
    sheet = workbook[workbook.sheetnames[1]]
    assert sheet["A1"].value == "Ban Chỉ đạo 138/CP"
    assert sheet["B6"].value == 54131 and sheet["B6"].number_format == "#,##0"
    assert sheet["B8"].value == 0.905 and sheet["B8"].number_format == "0.0%"
    assert PeriodReport  # the model module imports cleanly without a database
