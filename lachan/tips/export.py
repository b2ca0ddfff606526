"""The intake register book (sổ tiếp nhận nguồn tin về tội phạm) as an Excel file, for
any period, in the columns an officer expects: number, date received, reporter ("ẩn
danh" when anonymous), summary, classification, officer in charge, decision, decision
date. Every export is an audit event (``tip.export_register``, with the period and the
row count, never the content)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from lachan.access.policies.tips import tip_policy
from lachan.accounts.models import User
from lachan.audit.models import AuditEvent
from lachan.audit.services import audit_record
from lachan.core.errors import NotFound, ValidationFailed
from lachan.people.selectors import mask_name
from lachan.tips.deadlines import local_zone
from lachan.tips.models import Decision, ExploitationType, Tip, TipKind, TipStatus
from lachan.tips.selectors import start_of_day

MAX_PERIOD_DAYS = 366 * 5
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMN_WIDTHS = (18, 12, 26, 60, 36, 24, 30, 14)


@dataclass(frozen=True)
class RegisterExport:
    filename: str
    content: bytes
    rows: int
    event: AuditEvent


def _headers() -> list[str]:
    return [
        _("Number"),
        _("Date received"),
        _("Reporter"),
        _("Summary"),
        _("Classification"),
        _("Officer in charge"),
        _("Decision"),
        _("Decision date"),
    ]


def _reporter(tip: Tip, visible: bool) -> str:
    if tip.reporter_anonymous:
        return _("anonymous")
    return tip.reporter_name if visible else mask_name(tip.reporter_name)


def _classification(tip: Tip) -> str:
    parts = [str(TipKind(tip.kind).label)]
    if tip.trafficking_related is True:
        parts.append(_("trafficking related"))
    elif tip.trafficking_related is False:
        parts.append(_("not trafficking related"))
    if tip.exploitation_type:
        parts.append(str(ExploitationType(tip.exploitation_type).label))
    return "; ".join(parts)


def _outcome(tip: Tip) -> str:
    if tip.status == TipStatus.DECIDED and tip.decision:
        text = str(Decision(tip.decision).label)
        if tip.decision == Decision.PROSECUTE and tip.case_number:
            text += f" ({tip.case_number})"
        return text
    if tip.status == TipStatus.TRANSFERRED and tip.transferred_to:
        return _("Transferred to %(agency)s") % {"agency": tip.transferred_to.name}
    return str(TipStatus(tip.status).label)


def _outcome_date(tip: Tip) -> dt.date | None:
    if tip.status == TipStatus.DECIDED:
        return tip.decision_date
    if tip.status == TipStatus.TRANSFERRED and tip.transferred_at:
        return tip.transferred_at.astimezone(local_zone()).date()
    return None


def tip_register_export(
    *, actor: User, period_start: dt.date, period_end: dt.date
) -> RegisterExport:
    """The register book of the tips in the actor's reach received in the period,
    in register order. Reporter names appear only where the actor may see them."""
    if not tip_policy.may_export(actor):
        raise NotFound(gettext_lazy("Not found."))
    if period_end < period_start or (period_end - period_start).days > MAX_PERIOD_DAYS:
        raise ValidationFailed(
            gettext_lazy("Some filters are not valid."),
            fields={"period_end": [gettext_lazy("Choose a period of at most five years.")]},
        )
    tips = list(
        tip_policy.scope(actor)
        .filter(
            received_at__gte=start_of_day(period_start),
            received_at__lt=start_of_day(period_end + dt.timedelta(days=1)),
        )
        .select_related("assignee", "transferred_to", "receiving_agency")
        .order_by("receiving_agency__name", "register_year", "register_seq")
    )
    visible = tip_policy.reporter_visible_ids(actor, tips)

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Intake register")[:31]
    title = _("Intake register of crime reports, %(start)s – %(end)s") % {
        "start": period_start.strftime("%d/%m/%Y"),
        "end": period_end.strftime("%d/%m/%Y"),
    }
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(_headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for tip in tips:
        sheet.append(
            [
                tip.register_number,
                tip.received_at.astimezone(local_zone()).date(),
                _reporter(tip, tip.pk in visible),
                tip.summary or tip.content,
                _classification(tip),
                str(tip.assignee) if tip.assignee else "",
                _outcome(tip),
                _outcome_date(tip),
            ]
        )
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        letter = sheet.cell(row=2, column=index).column_letter
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=3):
        row[1].number_format = "DD/MM/YYYY"
        row[7].number_format = "DD/MM/YYYY"
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)

    with transaction.atomic():
        event = audit_record(
            actor=actor,
            action="tip.export_register",
            object_type=Tip._meta.label_lower,
            changes={
                "format": "xlsx",
                "period_start": period_start.isoformat(),
                "period_end": period_end.isoformat(),
                "rows": len(tips),
                "reporters_shown": len(
                    [t for t in tips if t.pk in visible and not t.reporter_anonymous]
                ),
            },
        )
    filename = f"so-tiep-nhan-{period_start:%Y%m%d}-{period_end:%Y%m%d}.xlsx"
    return RegisterExport(filename=filename, content=buffer.getvalue(), rows=len(tips), event=event)
