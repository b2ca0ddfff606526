"""The activity spreadsheet: the template we hand out (generated here, with a
Vietnamese instructions sheet and drop-down lists), reading a filled-in copy row by row,
and the export (the same columns, so an export can be corrected and imported again).

Columns are read by position; the header row must be the template's (in Vietnamese or
English). Choice cells accept the label (with or without diacritics) or the code.
Dates: a date cell, dd/mm/yyyy or yyyy-mm-dd. Numbers: a number cell or text with
'.' as thousands separator (1.024)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lachan.core.errors import NotFound
from lachan.core.text import fold
from lachan.geo import selectors as geo
from lachan.geo.models import AdminUnit, Era, Level
from lachan.prevention.models import (
    Activity,
    ActivityFormat,
    ActivityKind,
    TargetGroup,
    decode_groups,
)
from lachan.prevention.services import ActivityInput, ImportRejected, RowError

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_FILENAME = "mau-nhap-hoat-dong-phong-ngua.xlsx"
DATA_SHEET = gettext_lazy("Activities")
HELP_SHEET = gettext_lazy("Instructions")
LISTS_SHEET = gettext_lazy("Lists")
FIRST_DATA_ROW = 2


@dataclass(frozen=True)
class Column:
    key: str  # the ActivityInput field (and the services' error key)
    header: str | Promise
    width: int
    help: str | Promise


COLUMNS: tuple[Column, ...] = (
    Column("kind", gettext_lazy("Kind of activity"), 26, gettext_lazy("Choose from the list.")),
    Column("title", gettext_lazy("Title"), 40, gettext_lazy("Required, at most 300 characters.")),
    Column(
        "start_date",
        gettext_lazy("From (dd/mm/yyyy)"),
        14,
        gettext_lazy("Required; not in the future."),
    ),
    Column(
        "end_date",
        gettext_lazy("Until (dd/mm/yyyy)"),
        14,
        gettext_lazy("Empty for a one-day activity."),
    ),
    Column(
        "admin_unit",
        gettext_lazy("Place (code or name)"),
        30,
        gettext_lazy(
            "The official code of the current commune or province (e.g. 40) or its name with "
            "the province (e.g. Xã Nậm Cắn, Nghệ An)."
        ),
    ),
    Column("partners", gettext_lazy("Partners"), 28, gettext_lazy("Optional.")),
    Column(
        "target_groups",
        gettext_lazy("Target groups"),
        30,
        gettext_lazy("From the list, separated by ';'."),
    ),
    Column("format", gettext_lazy("Format"), 24, gettext_lazy("Choose from the list.")),
    Column(
        "sessions",
        gettext_lazy("Sessions"),
        10,
        gettext_lazy("Number of sessions (cuộc/buổi), at least 1."),
    ),
    Column(
        "attendees",
        gettext_lazy("Attendees"),
        12,
        gettext_lazy("Attendances (lượt người), 0 or more."),
    ),
    Column("budget_vnd", gettext_lazy("Budget (VND)"), 16, gettext_lazy("Optional, whole VND.")),
    Column("materials", gettext_lazy("Materials"), 28, gettext_lazy("Optional.")),
    Column("lessons_learned", gettext_lazy("Lessons learned"), 40, gettext_lazy("Optional.")),
)
COLUMN_KEYS = [c.key for c in COLUMNS]


def column_header(key: str) -> str:
    for column in COLUMNS:
        if column.key == key:
            return str(column.header)
    return ""


def column_order(header: str) -> int:
    for n, column in enumerate(COLUMNS):
        if str(column.header) == header:
            return n
    return -1


# -- the template ---------------------------------------------------------------------
HELP_LINES: tuple[str | Promise, ...] = (
    gettext_lazy("How to fill in the activity template"),
    gettext_lazy(
        "1. Enter one activity per row in the sheet 'Activities', from row 2. Do not "
        "change or move the header row."
    ),
    gettext_lazy(
        "2. Sessions and attendees are separate figures: 3 sessions with 150 attendances "
        "in total are entered as 3 and 150."
    ),
    gettext_lazy(
        "3. The kind, the format and the target groups come from the sheet 'Lists'; "
        "several target groups are separated by ';'."
    ),
    gettext_lazy(
        "4. The place is a current unit (after 01/07/2025): its official code, or the "
        "commune's name followed by the province."
    ),
    gettext_lazy("5. Dates are written dd/mm/yyyy; an activity is recorded once it took place."),
    gettext_lazy(
        "6. The file is imported whole or not at all: if any row has an error, nothing is "
        "imported and every error is listed by row and column. Correct them and send the "
        "file again."
    ),
    gettext_lazy("7. At most 5,000 rows per file. The activities belong to your agency."),
)


def _choice_labels(choices: Any) -> list[str]:
    return [str(label) for _value, label in choices]


def template() -> bytes:
    """The empty template, always in Vietnamese (it is handed out as a form)."""
    with translation.override("vi"):
        return _template()


def _template() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(DATA_SHEET)
    _header(sheet)
    lists = book.create_sheet(str(LISTS_SHEET))
    for col, (title, labels) in enumerate(
        (
            (_("Kind of activity"), _choice_labels(ActivityKind.choices)),
            (_("Format"), _choice_labels(ActivityFormat.choices)),
            (_("Target groups"), _choice_labels(TargetGroup.choices)),
        ),
        start=1,
    ):
        lists.cell(row=1, column=col, value=title).font = Font(bold=True)
        for n, label in enumerate(labels, start=2):
            lists.cell(row=n, column=col, value=label)
        lists.column_dimensions[get_column_letter(col)].width = 48
    quoted = f"'{lists.title}'"
    for key, letter, count in (
        ("kind", "A", len(ActivityKind.choices)),
        ("format", "B", len(ActivityFormat.choices)),
    ):
        column = get_column_letter(COLUMN_KEYS.index(key) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"={quoted}!${letter}$2:${letter}${count + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Choose from the list"),
            error=_("Choose a value from the list."),
        )
        sheet.add_data_validation(validation)
        validation.add(f"{column}{FIRST_DATA_ROW}:{column}{FIRST_DATA_ROW + 5000}")
    help_sheet = book.create_sheet(str(HELP_SHEET), 0)
    help_sheet.column_dimensions["A"].width = 110
    for n, line in enumerate(HELP_LINES, start=1):
        cell = help_sheet.cell(row=n, column=1, value=str(line))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if n == 1:
            cell.font = Font(bold=True, size=14)
    row = len(HELP_LINES) + 2
    help_sheet.cell(row=row, column=1, value=_("Columns")).font = Font(bold=True)
    for n, column in enumerate(COLUMNS, start=row + 1):
        help_sheet.cell(row=n, column=1, value=f"{column.header}: {column.help}")
    book.active = 1
    return _save(book)


def _header(sheet: Any) -> None:
    fill = PatternFill("solid", fgColor="DDE7F0")
    for col, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col, value=str(column.header))
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(col)].width = column.width
    sheet.freeze_panes = "A2"


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- reading ------------------------------------------------------------------------------------
@dataclass
class ParsedRow:
    number: int
    data: ActivityInput
    errors: dict[str, list[str | Promise]] = field(default_factory=dict)


def _labels_in(language: str, choices: Any) -> dict[str, str]:
    with translation.override(language):
        return {fold(str(label)): value for value, label in choices}


def _lookup(choices: Any) -> dict[str, str]:
    table = {fold(value): value for value in (v for v, _label in choices)}
    table.update(_labels_in("en", choices))
    table.update(_labels_in("vi", choices))
    return table


def _headers_in(language: str) -> list[str]:
    with translation.override(language):
        return [fold(str(c.header)) for c in COLUMNS]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_DATE_PATTERNS = (
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
)


def _date(value: Any) -> dt.date | None:
    """A date, None when empty; ValueError when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            return dt.date(parts["y"], parts["m"], parts["d"])
    raise ValueError(text)


def _integer(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        return int(value)
    text = _text(value).replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(text)
    return int(text)


class _Places:
    """Place cells → current units, each distinct text resolved once."""

    def __init__(self) -> None:
        self.seen: dict[str, AdminUnit | str] = {}

    def get(self, text: str) -> AdminUnit | str:
        """The unit, or an error message."""
        if text not in self.seen:
            self.seen[text] = self._resolve(text)
        return self.seen[text]

    def _resolve(self, text: str) -> AdminUnit | str:
        if text.isdigit():
            try:
                return geo.unit_by_code(code=text, era=Era.CURRENT)
            except NotFound:
                return _("No current administrative unit has this code.")
        exact = _current_by_name(text)
        if exact is not None:
            return exact
        resolution = geo.resolve_place(text=text)
        if resolution.unit is not None:
            return resolution.unit
        if not resolution.candidates:
            return _("No current administrative unit has this name.")
        return _("This name fits several units (%(names)s): write the official code instead.") % {
            "names": ", ".join(sorted({c.unit.name for c in resolution.candidates})[:4])
        }


_TYPE_WORDS = ("thanh pho ", "dac khu ", "phuong ", "tinh ", "xa ")


def _key(part: str) -> str:
    key = fold(part)
    for word in _TYPE_WORDS:
        if key.startswith(word):
            return key[len(word) :]
    return key


def _current_by_name(text: str) -> AdminUnit | None:
    """A current unit written with its current name ("Xã Nậm Cắn, Nghệ An", "Hải
    Phòng"), when exactly one has it; otherwise None (the full resolver then reads it,
    legacy names included)."""
    parts = [p for p in (piece.strip() for piece in text.split(",")) if p]
    if not parts:
        return None
    provinces = {p.name_key: p for p in geo.province_list(era=Era.CURRENT)}
    if len(parts) == 1 and _key(parts[0]) in provinces:
        return provinces[_key(parts[0])]
    province = provinces.get(_key(parts[-1])) if len(parts) >= 2 else None
    if len(parts) >= 2 and province is None:
        return None
    units = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, name_key=_key(parts[0]))
    if province is not None:
        units = units.filter(province_id=province.pk)
    found = list(units[:2])
    return found[0] if len(found) == 1 else None


def _open(content: bytes) -> Any:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise ImportRejected(
            _("The file is not an Excel workbook (.xlsx): use the template."), row_errors=[]
        ) from None
    for name in (str(DATA_SHEET), "Hoạt động", "Activities"):
        if name in book.sheetnames:
            return book[name]
    return book.worksheets[0]


def read_rows(content: bytes) -> list[ParsedRow]:
    """Every non-empty row of the data sheet, with the cells it could not read."""
    sheet = _open(content)
    rows = sheet.iter_rows(values_only=True)
    header = [fold(_text(v)) for v in next(rows, ())][: len(COLUMNS)]
    if header not in (_headers_in("vi"), _headers_in("en")):
        raise ImportRejected(
            _("The header row is not the template's: download the template and copy the rows."),
            row_errors=[RowError(1, "", _("The header row is not the template's."))],
        )
    kinds, formats, groups = (
        _lookup(ActivityKind.choices),
        _lookup(ActivityFormat.choices),
        _lookup(TargetGroup.choices),
    )
    places = _Places()
    parsed: list[ParsedRow] = []
    for number, values in enumerate(rows, start=FIRST_DATA_ROW):
        cells = dict(zip(COLUMN_KEYS, list(values)[: len(COLUMNS)], strict=False))
        if all(_text(v) == "" for v in cells.values()):
            continue
        parsed.append(_parse(number, cells, kinds, formats, groups, places))
    return parsed


def _parse(
    number: int,
    cells: dict[str, Any],
    kinds: dict[str, str],
    formats: dict[str, str],
    groups: dict[str, str],
    places: _Places,
) -> ParsedRow:
    errors: dict[str, list[str | Promise]] = {}

    def problem(key: str, message: str | Promise) -> None:
        errors.setdefault(key, []).append(message)

    def date_of(key: str) -> dt.date | None:
        try:
            return _date(cells.get(key))
        except ValueError:
            problem(key, _("Not a date: write dd/mm/yyyy."))
            return None

    def int_of(key: str) -> int | None:
        try:
            return _integer(cells.get(key))
        except ValueError:
            problem(key, _("Not a whole number."))
            return None

    kind_text, format_text = _text(cells.get("kind")), _text(cells.get("format"))
    kind = kinds.get(fold(kind_text), "")
    if kind_text and not kind:
        problem("kind", _("Unknown kind of activity: choose one from the sheet 'Lists'."))
    fmt = formats.get(fold(format_text), "")
    if format_text and not fmt:
        problem("format", _("Unknown format: choose one from the sheet 'Lists'."))
    target: list[str] = []
    for piece in re.split(r"[;\n]+", _text(cells.get("target_groups"))):
        if not piece.strip():
            continue
        code = groups.get(fold(piece))
        if code is None:
            problem(
                "target_groups",
                _("Unknown target group '%(name)s': choose from the sheet 'Lists'.")
                % {"name": piece.strip()},
            )
        else:
            target.append(code)
    unit: AdminUnit | None = None
    place_text = _text(cells.get("admin_unit"))
    if place_text:
        found = places.get(place_text)
        if isinstance(found, AdminUnit):
            unit = found
        else:
            problem("admin_unit", found)
    sessions = int_of("sessions")
    data = ActivityInput(
        kind=kind,
        title=_text(cells.get("title")),
        start_date=date_of("start_date"),
        end_date=date_of("end_date"),
        admin_unit=unit,
        format=fmt,
        sessions=sessions,
        attendees=int_of("attendees"),
        target_groups=target,
        partners=_text(cells.get("partners")),
        budget_vnd=int_of("budget_vnd"),
        materials=_text(cells.get("materials")),
        lessons_learned=_text(cells.get("lessons_learned")),
    )
    return ParsedRow(number=number, data=data, errors=errors)


# -- export ------------------------------------------------------------------------------------
def export(activities: Iterable[Activity]) -> tuple[bytes, int]:
    """The activities in the template's columns (plus the organiser), and the count."""
    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = str(DATA_SHEET)
    _header(sheet)
    extra = len(COLUMNS) + 1
    cell = sheet.cell(row=1, column=extra, value=_("Organising agency"))
    cell.font = Font(bold=True)
    sheet.column_dimensions[get_column_letter(extra)].width = 36
    kinds, formats, groups = (
        dict(ActivityKind.choices),
        dict(ActivityFormat.choices),
        dict(TargetGroup.choices),
    )
    count = 0
    for activity in activities:
        count += 1
        sheet.append(
            [
                str(kinds.get(activity.kind, activity.kind)),
                activity.title,
                activity.start_date.strftime("%d/%m/%Y"),
                activity.end_date.strftime("%d/%m/%Y")
                if activity.end_date != activity.start_date
                else "",
                activity.admin_unit.code,
                activity.partners,
                "; ".join(str(groups.get(g, g)) for g in decode_groups(activity.target_groups)),
                str(formats.get(activity.format, activity.format)),
                activity.sessions,
                activity.attendees,
                activity.budget_vnd,
                activity.materials,
                activity.lessons_learned,
                activity.organiser.name,
            ]
        )
    return _save(book), count
