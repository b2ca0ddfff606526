"""Tips over the API (/api/v1/tips/). The same selectors, services and guard as the
staff pages: a tip out of reach is 404 ``not_found``; a transition the tip's state does
not allow is 409 ``transition_not_allowed``; one the caller may not make on a tip they
see is 403 ``permission_denied``. Reading a tip is audited (``tip.view``), and so is
revealing its reporter (``?reveal_reporter=true``)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from lachan.access.permissions import TipsPermission
from lachan.access.policies.tips import tip_policy
from lachan.accounts.actors import api_actor
from lachan.accounts.models import Agency, User
from lachan.core.errors import NotFound, field_invalid
from lachan.geo.models import Era
from lachan.geo.selectors import unit_from_code
from lachan.people.models import Person
from lachan.tips import selectors, services
from lachan.tips.attachments import decode_body
from lachan.tips.cleaning import (
    AttachmentInput,
    IdentifierInput,
    PersonMentionInput,
    PlaceInput,
    ReporterInput,
)
from lachan.tips.export import CONTENT_TYPE, tip_register_export
from lachan.tips.models import DeadlineRule, Tip
from lachan.tips.schemas import (
    AssignIn,
    ClassifyIn,
    ComplexIn,
    CountersOut,
    DeadlineRuleIn,
    DeadlineRuleOut,
    DecideIn,
    ExtendIn,
    GroupIn,
    MessageIn,
    MessageOut,
    NoteIn,
    NumbersOut,
    SimilarTipsOut,
    SuspendIn,
    TipOut,
    TipPageOut,
    TipRegisterIn,
    TransferIn,
)
from lachan.tips.selectors import TipFilter

router = Router(tags=["tips"])


class TipListQuery(Schema):
    queue: str = "all"
    status: str = ""
    kind: str = ""
    channel: str = ""
    exploitation_type: str = ""
    place_code: str | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    sort: str = "-received"
    cursor: str | None = None
    limit: int = selectors.DEFAULT_PAGE_SIZE


class NumbersQuery(Schema):
    period_start: dt.date
    period_end: dt.date
    agency_id: uuid.UUID | None = None
    place_code: str | None = None


class ExportQuery(Schema):
    period_start: dt.date
    period_end: dt.date


def _tip(request: HttpRequest, tip_id: str) -> Tip:
    return selectors.tip_get(actor=api_actor(request), tip_id=tip_id)


def _shown(request: HttpRequest, tip: Tip, *, reveal_reporter: bool = False) -> dict[str, Any]:
    fresh = selectors.tip_get(actor=api_actor(request), tip_id=tip.pk)
    view = selectors.tip_detail(
        actor=api_actor(request), tip=fresh, reveal_reporter=reveal_reporter
    )
    return view.as_dict()


# -- lists and numbers -------------------------------------------------------------------
@router.get("/", response=TipPageOut, url_name="tips_list")
def list_tips(request: HttpRequest, query: Query[TipListQuery]) -> dict[str, Any]:
    """A work queue: `queue` is mine, unassigned, due_soon, overdue or all (the
    register in reach); filters as on the staff page; `sort` is -received, received
    or deadline. Keyset pages: pass `next_cursor` back as `cursor`."""
    actor = api_actor(request)
    if not tip_policy.has_permission(actor, TipsPermission.VIEW):
        raise NotFound(_("Not found."))
    filters = TipFilter(
        queue=query.queue,
        status=query.status,
        kind=query.kind,
        channel=query.channel,
        exploitation_type=query.exploitation_type,
        place=unit_from_code(query.place_code, field="place_code"),
        received_from=query.received_from,
        received_to=query.received_to,
        sort=query.sort,
    )
    page = selectors.tip_page(actor=actor, filters=filters, cursor=query.cursor, limit=query.limit)
    return {"items": [row.as_dict() for row in page.items], "next_cursor": page.next_cursor}


@router.get("/counters", response=CountersOut, url_name="tips_counters")
def counters(request: HttpRequest) -> dict[str, int]:
    """Overdue and due-within-3-days tips in the caller's reach."""
    actor = api_actor(request)
    if not tip_policy.has_permission(actor, TipsPermission.VIEW):
        raise NotFound(_("Not found."))
    return selectors.tip_counters(actor=actor)


@router.get("/numbers", response=NumbersOut, url_name="tips_numbers")
def numbers(request: HttpRequest, query: Query[NumbersQuery]) -> dict[str, Any]:
    """Counts for reports (analysts, supervisors): received, classified, resolved,
    resolved within deadline, overdue, by kind/channel/decision, resolution rate."""
    agency = None
    if query.agency_id:
        agency = Agency.objects.filter(pk=query.agency_id).first()
        if agency is None:
            raise field_invalid("agency_id", _("No such agency."))
    return selectors.tip_numbers(
        actor=api_actor(request),
        period_start=query.period_start,
        period_end=query.period_end,
        agency=agency,
        place=unit_from_code(query.place_code, field="place_code"),
    ).as_dict()


@router.get("/export", url_name="tips_export", response={200: None})
def export(request: HttpRequest, query: Query[ExportQuery]) -> HttpResponse:
    """The intake register book of the period as an Excel file (audited)."""
    result = tip_register_export(
        actor=api_actor(request), period_start=query.period_start, period_end=query.period_end
    )
    response = HttpResponse(result.content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


@router.get("/deadline-rules", response=list[DeadlineRuleOut], url_name="tips_deadline_rules")
def deadline_rules(request: HttpRequest) -> list[DeadlineRule]:
    """The legal time limits in force (system administrators)."""
    if not tip_policy.may_manage_deadline_rules(api_actor(request)):
        raise NotFound(_("Not found."))
    return list(DeadlineRule.objects.order_by("code"))


@router.patch(
    "/deadline-rules/{code}", response=DeadlineRuleOut, url_name="tips_deadline_rule_update"
)
def update_deadline_rule(request: HttpRequest, code: str, payload: DeadlineRuleIn) -> DeadlineRule:
    """Change one time limit (system administrators); running deadlines are then
    recomputed in the background."""
    return services.deadline_rule_update(actor=api_actor(request), code=code, **payload.dict())


# -- register ------------------------------------------------------------------------------
def _places(payload: TipRegisterIn) -> list[PlaceInput]:
    places = []
    for n, place in enumerate(payload.places):
        era = Era.LEGACY if place.legacy else Era.CURRENT
        unit = unit_from_code(place.admin_unit_code, field=f"places.{n}.admin_unit_code", era=era)
        places.append(PlaceInput(admin_unit=unit, text=place.text, role=place.role))
    return places


def _persons(request: HttpRequest, payload: TipRegisterIn) -> list[PersonMentionInput]:
    found = []
    for n, mention in enumerate(payload.persons):
        person = None
        if mention.person_id is not None:
            person = Person.objects.filter(pk=mention.person_id).first()
            if person is None:
                raise field_invalid(f"persons.{n}.person_id", _("No such person."))
        found.append(PersonMentionInput(mention.role, person, mention.description))
    return found


def _attachments(payload: TipRegisterIn) -> list[AttachmentInput]:
    files = []
    for n, item in enumerate(payload.attachments):
        try:
            data = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise field_invalid(f"attachments.{n}", _("The file is not valid base64.")) from None
        files.append(AttachmentInput(item.filename, data))
    return files


@router.post("/", response={201: TipOut}, url_name="tips_register")
def register(request: HttpRequest, payload: TipRegisterIn) -> Status[dict[str, Any]]:
    """Enter a tip in the caller's agency's register (it gets the next number)."""
    reporter = None
    if payload.reporter is not None:
        reporter = ReporterInput(**payload.reporter.dict())
    tip = services.tip_register(
        actor=api_actor(request),
        kind=payload.kind,
        channel=payload.channel,
        content=payload.content,
        received_at=payload.received_at,
        reporter=reporter,
        summary=payload.summary,
        places=_places(payload),
        identifiers=[IdentifierInput(i.kind, i.value) for i in payload.identifiers],
        persons=_persons(request, payload),
        attachments=_attachments(payload),
        urgent=payload.urgent,
        child_involved=payload.child_involved,
    )
    return Status(201, _shown(request, tip))


# -- one tip ----------------------------------------------------------------------------------
@router.get("/{tip_id}", response=TipOut, url_name="tips_detail")
def get_tip(request: HttpRequest, tip_id: str, reveal_reporter: bool = False) -> dict[str, Any]:
    """One tip with its history and messages; `reveal_reporter=true` unmasks the
    reporter when allowed (403 otherwise). Audited."""
    return _shown(request, _tip(request, tip_id), reveal_reporter=reveal_reporter)


@router.get(
    "/{tip_id}/attachments/{attachment_id}", url_name="tips_attachment", response={200: None}
)
def get_attachment(request: HttpRequest, tip_id: str, attachment_id: str) -> HttpResponse:
    """The file itself (audited)."""
    attachment = selectors.tip_attachment_open(
        actor=api_actor(request), tip=_tip(request, tip_id), attachment_id=attachment_id
    )
    response = HttpResponse(decode_body(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="tep-{attachment.pk}"'
    return response


@router.post("/{tip_id}/classify", response=TipOut, url_name="tips_classify")
def classify(request: HttpRequest, tip_id: str, payload: ClassifyIn) -> dict[str, Any]:
    tip = services.tip_classify(
        actor=api_actor(request), tip=_tip(request, tip_id), **payload.dict()
    )
    return _shown(request, tip)


@router.post("/{tip_id}/assign", response=TipOut, url_name="tips_assign")
def assign(request: HttpRequest, tip_id: str, payload: AssignIn) -> dict[str, Any]:
    tip = _tip(request, tip_id)
    assignee = User.objects.filter(pk=payload.assignee_id).first()
    if assignee is None:
        raise field_invalid("assignee_id", _("Choose an officer of your agency who works tips."))
    return _shown(
        request, services.tip_assign(actor=api_actor(request), tip=tip, assignee=assignee)
    )


@router.post("/{tip_id}/transfer", response=TipOut, url_name="tips_transfer")
def transfer(request: HttpRequest, tip_id: str, payload: TransferIn) -> dict[str, Any]:
    """Transfer to the competent agency; answers the *sending* tip (now transferred)."""
    tip = _tip(request, tip_id)
    agency = Agency.objects.filter(pk=payload.to_agency_id).first()
    if agency is None:
        raise field_invalid("to_agency_id", _("No such agency."))
    services.tip_transfer(actor=api_actor(request), tip=tip, to_agency=agency, note=payload.note)
    return _shown(request, tip)


@router.post("/{tip_id}/verify", response=TipOut, url_name="tips_verify")
def verify(request: HttpRequest, tip_id: str) -> dict[str, Any]:
    tip = services.tip_start_verification(actor=api_actor(request), tip=_tip(request, tip_id))
    return _shown(request, tip)


@router.post("/{tip_id}/complex", response=TipOut, url_name="tips_mark_complex")
def mark_complex(request: HttpRequest, tip_id: str, payload: ComplexIn) -> dict[str, Any]:
    tip = services.tip_mark_complex(
        actor=api_actor(request), tip=_tip(request, tip_id), reason=payload.reason
    )
    return _shown(request, tip)


@router.post("/{tip_id}/extend", response=TipOut, url_name="tips_extend")
def extend(request: HttpRequest, tip_id: str, payload: ExtendIn) -> dict[str, Any]:
    tip = services.tip_extend(actor=api_actor(request), tip=_tip(request, tip_id), **payload.dict())
    return _shown(request, tip)


@router.post("/{tip_id}/decide", response=TipOut, url_name="tips_decide")
def decide(request: HttpRequest, tip_id: str, payload: DecideIn) -> dict[str, Any]:
    tip = services.tip_decide(actor=api_actor(request), tip=_tip(request, tip_id), **payload.dict())
    return _shown(request, tip)


@router.post("/{tip_id}/suspend", response=TipOut, url_name="tips_suspend")
def suspend(request: HttpRequest, tip_id: str, payload: SuspendIn) -> dict[str, Any]:
    tip = services.tip_suspend(
        actor=api_actor(request), tip=_tip(request, tip_id), **payload.dict()
    )
    return _shown(request, tip)


@router.post("/{tip_id}/resume", response=TipOut, url_name="tips_resume")
def resume(request: HttpRequest, tip_id: str, payload: NoteIn) -> dict[str, Any]:
    tip = services.tip_resume(
        actor=api_actor(request), tip=_tip(request, tip_id), note=payload.note
    )
    return _shown(request, tip)


@router.post("/{tip_id}/group", response=TipOut, url_name="tips_group")
def group(request: HttpRequest, tip_id: str, payload: GroupIn) -> dict[str, Any]:
    tip = _tip(request, tip_id)
    other = _tip(request, str(payload.other_id))
    services.tip_group(actor=api_actor(request), tip=tip, other=other)
    return _shown(request, tip)


@router.get("/{tip_id}/similar", response=SimilarTipsOut, url_name="tips_similar")
def similar(request: HttpRequest, tip_id: str) -> dict[str, Any]:
    """Tips with the same identifiers or nearly the same text. Those outside your reach
    are only counted. Group one with ``POST /{tip_id}/group``. Audited (``tip.compare``)."""
    found = selectors.similar_tips_compare(actor=api_actor(request), tip=_tip(request, tip_id))
    return {
        "items": [item.as_dict() for item in found.items],
        "elsewhere_count": found.elsewhere_count,
        "elsewhere_agencies": found.elsewhere_agencies,
    }


@router.get("/{tip_id}/messages", response=list[MessageOut], url_name="tips_messages")
def messages(request: HttpRequest, tip_id: str) -> list[dict[str, Any]]:
    return selectors.tip_messages(actor=api_actor(request), tip=_tip(request, tip_id))


@router.post("/{tip_id}/messages", response={201: MessageOut}, url_name="tips_message_send")
def send_message(request: HttpRequest, tip_id: str, payload: MessageIn) -> Status[dict[str, Any]]:
    """A message to the reporter (read on the public follow-up page)."""
    tip = _tip(request, tip_id)
    message = services.tip_message_to_reporter(actor=api_actor(request), tip=tip, body=payload.body)
    shown = selectors.tip_messages(actor=api_actor(request), tip=tip)
    return Status(201, next(m for m in shown if m["id"] == message.pk))
