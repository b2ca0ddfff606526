"""API shapes of investigations. Suspects' names come masked; the evidence log is a
separate, audited resource for police readers only."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class CaseRowOut(Schema):
    id: uuid.UUID
    number: str
    agency_name: str
    offence: str
    offence_label: str
    prosecution_date: dt.date
    status: str
    status_label: str
    lead_name: str
    suspects: int


class CasePageOut(Schema):
    items: list[CaseRowOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class PlaceIn(Schema):
    role: str = Field(description="recruited, transit or exploited")
    admin_unit_code: str | None = Field(None, description="A current unit (from 2025).")
    country: str = Field("", description="ISO 3166-1 alpha-2 when abroad.")
    text: str = ""


class CaseIn(Schema):
    number: str
    offence: str
    prosecution_date: dt.date
    prosecution_decision_number: str = ""
    other_offences: list[str] = []
    lead_investigator_id: uuid.UUID | None = None
    team_ids: list[uuid.UUID] = []
    summary: str = ""
    places: list[PlaceIn] = []
    destination_countries: list[str] = []
    exploitation_type: str = ""
    recruitment_means: list[str] = []


class CaseFromTipIn(CaseIn):
    tip_id: uuid.UUID


class JoinTipIn(Schema):
    tip_id: uuid.UUID
    decision_number: str = ""
    decision_date: dt.date | None = None


class TransitionIn(Schema):
    action: str = Field(description="solve, suspend, resume, transfer, indict or try")
    on: dt.date | None = None
    note: str = ""
    trial_outcome: str = ""


class CaseOut(Schema):
    id: uuid.UUID
    number: str
    agency_id: uuid.UUID
    agency_name: str
    offence: str
    offence_label: str
    other_offences: list[dict[str, str]]
    prosecution_decision_number: str
    prosecution_date: dt.date
    lead_investigator_id: uuid.UUID | None
    lead_name: str
    team: list[dict[str, Any]]
    summary: str
    destination_countries: list[dict[str, str]]
    exploitation_type: str
    exploitation_label: str
    recruitment_means: list[dict[str, str]]
    status: str
    status_label: str
    solved_on: dt.date | None
    suspended_on: dt.date | None
    transferred_on: dt.date | None
    indicted_on: dt.date | None
    tried_on: dt.date | None
    trial_outcome: str
    trial_outcome_label: str
    places: list[dict[str, Any]]
    source_tips: list[dict[str, Any]]
    source_tips_hidden: int
    suspects: list[dict[str, Any]] = Field(description="Names masked.")
    events: list[dict[str, Any]]
    history: list[dict[str, Any]]
    allowed_actions: list[str]
    may_change: bool
    may_view_evidence: bool
    evidence_count: int | None = Field(description="None when the evidence log is not yours.")


class SuspectIn(Schema):
    person_id: uuid.UUID | None = Field(None, description="A recorded person you reach.")
    full_name: str = Field("", description="Or a new person: their name …")
    sex: str = "unknown"
    birth_year: int | None = None
    phones: list[str] = []
    nationality: str = ""
    role: str
    wanted_status: str = "not_wanted"


class SuspectUpdateIn(Schema):
    role: str
    wanted_status: str
    nationality: str
    outcome: str = "pending"
    outcome_date: dt.date | None = None
    sentence: str = ""
    sentence_months: int | None = None


class SuspectOut(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    person_id: uuid.UUID
    role: str
    wanted_status: str
    nationality: str
    outcome: str
    outcome_date: dt.date | None
    sentence: str
    sentence_months: int | None


class ArrestIn(Schema):
    kind: str
    on: dt.date
    agency_id: uuid.UUID | None = None
    note: str = ""


class ArrestOut(Schema):
    id: uuid.UUID
    suspect_id: uuid.UUID
    kind: str
    on: dt.date
    agency_id: uuid.UUID


class EventIn(Schema):
    kind: str = Field(description="rescue or handover")
    on: dt.date
    persons_count: int
    agency_id: uuid.UUID | None = None
    by_text: str = ""
    admin_unit_code: str | None = None
    country: str = ""
    place_text: str = ""
    border_gate: str = Field("", description="Code from lachan.core.border_gates.")
    foreign_country: str = ""
    foreign_authority: str = ""
    note: str = ""


class EventOut(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    kind: str
    on: dt.date
    persons_count: int
    border_gate: str
    foreign_country: str


class EvidenceIn(Schema):
    label: str
    description: str
    received_at: dt.datetime | None = None
    location: str = ""


class CustodyIn(Schema):
    action: str = Field(description="moved, examined, returned or disposed")
    at: dt.datetime | None = None
    handled_by_id: uuid.UUID | None = None
    location: str = ""
    note: str = ""


class EvidenceItemOut(Schema):
    id: uuid.UUID
    label: str
    description: str
    location: str
    holder_name: str
    received_on: dt.datetime
    closed: bool
    custody: list[dict[str, Any]]
    attachments: list[dict[str, Any]]


class CreatedOut(Schema):
    id: uuid.UUID


class FollowUpIn(Schema):
    action: str
    due_on: dt.date | None = None


class CooperationIn(Schema):
    kind: str
    on: dt.date
    counterpart_country: str = Field(description="CN, LA or KH")
    counterpart_agency: str
    subject: str
    border_gate: str = ""
    place: str = ""
    persons_handed_over: int = 0
    case_ids: list[uuid.UUID] = []
    follow_ups: list[FollowUpIn] = []


class CooperationRowOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    on: dt.date
    counterpart_country: str
    counterpart_country_name: str
    counterpart_agency: str
    border_gate_name: str
    place: str
    persons_handed_over: int
    agency_name: str
    open_follow_ups: int


class CooperationOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    on: dt.date
    agency_name: str
    border_gate: str
    border_gate_name: str
    place: str
    counterpart_country: str
    counterpart_country_name: str
    counterpart_agency: str
    subject: str
    persons_handed_over: int
    cases: list[dict[str, Any]]
    cases_hidden: int
    follow_ups: list[dict[str, Any]]
    may_manage: bool


class NumbersOut(Schema):
    start: dt.date
    end: dt.date
    prosecuted: int
    solved: int
    solved_rate: Decimal | None = Field(
        description="solved / prosecuted (cases prosecuted in the period, solved by its end)."
    )
    suspects: int
    arrested: int
    foreign_suspects: int
    by_offence: dict[str, int]
    by_status: dict[str, int]
    rescued_persons: int
    handed_over_persons: int
    rescue_events: int
    handover_events: int
    cooperation_activities: int
