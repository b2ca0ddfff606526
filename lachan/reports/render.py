"""A period report as an Excel workbook (one sheet per section, styled headers) and as
a PDF (embedded DejaVu Sans, full Vietnamese coverage; agency header, page numbers,
signature block)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from lachan.reports.formatting import no_data_label, vn_number, vn_percent
from lachan.reports.period import ReportData, count_labels
from lachan.reports.sources import SectionData
from lachan.tips.deadlines import local_zone

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
EXCEL_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="999999")


def _local(data: ReportData) -> str:
    return data.generated_at.astimezone(local_zone()).strftime("%d/%m/%Y %H:%M")


def _figure_text(value: Any, percent: bool) -> str:
    if percent:
        return vn_percent(value)
    return vn_number(value)


# -- Excel ---------------------------------------------------------------------------------
def _sheet_title(text: str, used: set[str]) -> str:
    clean = "".join(c for c in text if c not in "[]:*?/\\")[:31] or "Sheet"
    name, n = clean, 2
    while name in used:
        name = f"{clean[:28]} {n}"
        n += 1
    used.add(name)
    return name


def _header_row(ws: Worksheet, row: int, values: list[str]) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)


def _title_rows(ws: Worksheet, data: ReportData, title: str) -> int:
    ws.cell(row=1, column=1, value=data.header).font = Font(bold=True)
    ws.cell(row=2, column=1, value=title).font = Font(bold=True, size=14)
    ws.cell(row=3, column=1, value=f"{data.period.label} ({data.place})")
    return 5


def _write_section(ws: Worksheet, data: ReportData, section: SectionData) -> None:
    row = _title_rows(ws, data, section.title)
    ws.column_dimensions["A"].width = 48
    for letter in "BCDEFG":
        ws.column_dimensions[letter].width = 16
    if not section.available:
        ws.cell(row=row, column=1, value=section.note or no_data_label()).font = Font(italic=True)
        return
    _header_row(ws, row, [_("Indicator"), _("Value")])
    row += 1
    for figure in section.figures:
        ws.cell(row=row, column=1, value=figure.label)
        cell = ws.cell(row=row, column=2, value=figure.value)
        cell.number_format = "0.0%" if figure.percent else "#,##0"
        row += 1
    for breakdown in section.breakdowns:
        row += 1
        _header_row(ws, row, [breakdown.label, _("Count")])
        row += 1
        if not breakdown.rows:
            ws.cell(row=row, column=1, value=_("None")).font = Font(italic=True)
            row += 1
        for label, value in breakdown.rows:
            ws.cell(row=row, column=1, value=label)
            ws.cell(row=row, column=2, value=value).number_format = "#,##0"
            row += 1
    table = section.extra.get("rows") or []
    if table:
        row += 1
        keys = list(table[0].keys())
        _header_row(ws, row, [k.replace("_", " ") for k in keys])
        for item in table:
            row += 1
            for col, key in enumerate(keys, start=1):
                cell_value = item.get(key)
                ws.cell(
                    row=row,
                    column=col,
                    value=cell_value if isinstance(cell_value, (int, float)) else str(cell_value),
                )


def _write_rollup(ws: Worksheet, data: ReportData) -> None:
    row = _title_rows(
        ws, data, _("Tips by province") if data.rollup.level == "province" else _("Tips by agency")
    )
    labels = count_labels()
    ws.column_dimensions["A"].width = 44
    _header_row(
        ws,
        row,
        [_("Province") if data.rollup.level == "province" else _("Agency"), *labels.values()],
    )
    for item in data.rollup.rows:
        row += 1
        ws.cell(row=row, column=1, value=item.name)
        for col, key in enumerate(labels, start=2):
            ws.cell(row=row, column=col, value=item.counts[key]).number_format = "#,##0"
    row += 1
    ws.cell(row=row, column=1, value=_("Total")).font = Font(bold=True)
    for col, key in enumerate(labels, start=2):
        cell = ws.cell(row=row, column=col, value=data.rollup.total[key])
        cell.number_format = "#,##0"
        cell.font = Font(bold=True)


def render_excel(data: ReportData) -> bytes:
    workbook = Workbook()
    used: set[str] = set()
    overview = workbook.active
    assert overview is not None
    overview.title = _sheet_title(_("Overview"), used)
    row = _title_rows(overview, data, data.title)
    overview.column_dimensions["A"].width = 48
    overview.column_dimensions["B"].width = 24
    _header_row(overview, row, [_("Section"), _("Status")])
    for section in data.sections:
        row += 1
        overview.cell(row=row, column=1, value=section.title)
        overview.cell(
            row=row, column=2, value=_("included") if section.available else no_data_label()
        )
    row += 2
    overview.cell(row=row, column=1, value=_("Produced on %(when)s") % {"when": _local(data)})
    for section in data.sections:
        _write_section(workbook.create_sheet(_sheet_title(section.title, used)), data, section)
        if section.key == "tips" and section.available:
            _write_rollup(workbook.create_sheet(_sheet_title(_("Tips roll-up"), used)), data)
    lessons = workbook.create_sheet(_sheet_title(_("Lessons learned"), used))
    start = _title_rows(lessons, data, _("Lessons learned"))
    lessons.column_dimensions["A"].width = 110
    for offset, line in enumerate((data.lessons_learned or _("None")).splitlines() or [""]):
        cell = lessons.cell(row=start + offset, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- PDF -----------------------------------------------------------------------------------
def register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle(
            "center_bold", parent=base, fontName=FONT_BOLD, alignment=TA_CENTER
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18, alignment=TA_CENTER
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "note": ParagraphStyle("note", parent=base, textColor=colors.HexColor("#555555")),
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(rows: list[list[Any]], widths: list[float], styles: dict[str, ParagraphStyle]) -> Table:
    head = ParagraphStyle("head", parent=styles["base"], fontName=FONT_BOLD, textColor=colors.white)
    head_right = ParagraphStyle("head_right", parent=head, alignment=2)
    body: list[list[Any]] = [
        [
            Paragraph(_esc(str(cell)), head if i == 0 else head_right)
            for i, cell in enumerate(rows[0])
        ]
    ]
    body += [
        [
            Paragraph(_esc(str(cell)), styles["base"]) if i == 0 else str(cell)
            for i, cell in enumerate(r)
        ]
        for r in rows[1:]
    ]
    table = Table(body, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9.5),
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, 9.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1F4E79")),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F6FA")]),
            ]
        )
    )
    return table


def _section_flow(
    section: SectionData, styles: dict[str, ParagraphStyle], number: int
) -> list[Any]:
    flow: list[Any] = [Paragraph(f"{number}. {_esc(section.title)}", styles["h2"])]
    if not section.available:
        flow.append(Paragraph(_esc(section.note or no_data_label()), styles["note"]))
        return flow
    rows = [[_("Indicator"), _("Value")]] + [
        [f.label, _figure_text(f.value, f.percent)] for f in section.figures
    ]
    flow.append(_table(rows, [120 * mm, 45 * mm], styles))
    table = section.extra.get("rows") or []
    if table:
        keys = list(table[0].keys())
        width = 174 * mm / len(keys)
        flow.append(Spacer(1, 3 * mm))
        flow.append(
            _table(
                [[str(k) for k in keys]] + [[str(row.get(k, "")) for k in keys] for row in table],
                [width] * len(keys),
                styles,
            )
        )
    for breakdown in section.breakdowns:
        if not breakdown.rows:
            continue
        flow.append(Spacer(1, 3 * mm))
        flow.append(
            KeepTogether(
                _table(
                    [[breakdown.label, _("Count")]]
                    + [[label, vn_number(value)] for label, value in breakdown.rows],
                    [120 * mm, 45 * mm],
                    styles,
                )
            )
        )
    return flow


def _rollup_flow(data: ReportData, styles: dict[str, ParagraphStyle]) -> list[Any]:
    labels = count_labels()
    first = _("Province") if data.rollup.level == "province" else _("Agency")
    keys = ["received", "resolved", "overdue", "trafficking_related"]
    rows = [[first, *(labels[k] for k in keys)]]
    rows += [[r.name, *(vn_number(r.counts[k]) for k in keys)] for r in data.rollup.rows]
    rows.append([_("Total"), *(vn_number(data.rollup.total[k]) for k in keys)])
    table = _table(rows, [69 * mm, 24 * mm, 24 * mm, 24 * mm, 24 * mm], styles)
    table.setStyle(TableStyle([("FONT", (1, -1), (-1, -1), FONT_BOLD, 9.5)]))
    caption = _("Tips by province") if data.rollup.level == "province" else _("Tips by agency")
    return [Spacer(1, 3 * mm), Paragraph(_esc(caption), styles["base"]), table]


def _page_decorations(data: ReportData) -> type[Canvas]:
    header = data.header
    footer = f"{data.title} — {data.period.label}"

    class NumberedCanvas(Canvas):
        """Draws "Trang x/y" once the number of pages is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillColor(colors.HexColor("#444444"))
                self.drawString(18 * mm, A4[1] - 12 * mm, header)
                self.drawString(18 * mm, 10 * mm, footer[:110])
                self.drawRightString(
                    A4[0] - 18 * mm,
                    10 * mm,
                    _("Page %(page)s/%(total)s") % {"page": self._pageNumber, "total": total},
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def render_pdf(data: ReportData) -> bytes:
    register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=data.title,
        author=data.header,
        invariant=True,
    )
    heading = Table(
        [
            [
                Paragraph(f"<b>{_esc(data.header.upper())}</b>", styles["center"]),
                Paragraph(_esc(_("SOCIALIST REPUBLIC OF VIET NAM")), styles["center_bold"]),
            ],
            [
                Paragraph("", styles["center"]),
                Paragraph(_esc(_("Independence – Freedom – Happiness")), styles["center_bold"]),
            ],
            [
                Paragraph("", styles["center"]),
                Paragraph(
                    _esc(
                        _("%(place)s, %(date)s")
                        % {
                            "place": data.place,
                            "date": data.generated_at.astimezone(local_zone()).strftime("%d/%m/%Y"),
                        }
                    ),
                    styles["center"],
                ),
            ],
        ],
        colWidths=[80 * mm, 94 * mm],
    )
    heading.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    flow: list[Any] = [
        heading,
        Spacer(1, 8 * mm),
        Paragraph(_esc(data.title.upper()), styles["title"]),
        Paragraph(_esc(data.period.label), styles["center"]),
        Spacer(1, 6 * mm),
    ]
    number = 0
    for section in data.sections:
        number += 1
        flow.extend(_section_flow(section, styles, number))
        if section.key == "tips" and section.available:
            flow.extend(_rollup_flow(data, styles))
    number += 1
    flow.append(Paragraph(f"{number}. {_esc(_('Lessons learned'))}", styles["h2"]))
    for paragraph in (data.lessons_learned or _("None")).split("\n\n"):
        flow.append(Paragraph(_esc(paragraph).replace("\n", "<br/>"), styles["base"]))
    signature = Table(
        [
            [
                Paragraph(f"<b>{_esc(_('PREPARED BY'))}</b>", styles["center"]),
                Paragraph(f"<b>{_esc(_('HEAD OF AGENCY'))}</b>", styles["center"]),
            ],
            [
                Paragraph(_esc(_("(signature, full name)")), styles["center"]),
                Paragraph(_esc(_("(signature, full name, seal)")), styles["center"]),
            ],
            ["", ""],
        ],
        colWidths=[87 * mm, 87 * mm],
        rowHeights=[None, None, 25 * mm],
    )
    flow.extend([Spacer(1, 10 * mm), KeepTogether(signature)])
    doc.build(flow, canvasmaker=_page_decorations(data))
    return buffer.getvalue()
