"""API shapes of tips. The reporter's identity comes masked unless
``reporter.identity_visible`` (asked with ``?reveal_reporter=true`` and allowed)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Field, Schema


class TipRowOut(Schema):
    id: uuid.UUID
    register_number: str
    received_at: dt.datetime
    kind: str
    kind_label: str
    channel: str
    channel_label: str
    status: str
    status_label: str
    excerpt: str = Field(description="The summary, or the start of the text.")
    deadline_at: dt.datetime | None
    overdue: bool
    due_soon: bool
    assignee_id: uuid.UUID | None
    assignee_name: str
    place_name: str
    receiving_agency_name: str
    urgent: bool
    child_involved: bool
    trafficking_related: bool | None
    exploitation_type: str
    exploitation_label: str


class TipPageOut(Schema):
    items: list[TipRowOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class CountersOut(Schema):
    overdue: int
    due_soon: int


class ReporterOut(Schema):
    anonymous: bool
    identity_visible: bool
    name: str = Field(description='Masked ("N*** V** A*") unless identity_visible.')
    phone: str
    address: str
    email: str
    may_contact: bool
    contact_note: str


class PlaceOut(Schema):
    role: str
    role_label: str
    admin_unit_code: str
    admin_unit_name: str
    province_name: str
    text: str = Field(description="As written.")
    legacy_name: str = Field(description="The pre-2025 unit the written name matched.")


class IdentifierOut(Schema):
    kind: str
    kind_label: str
    value: str


class PersonMentionOut(Schema):
    role: str
    role_label: str
    person_id: uuid.UUID | None
    description: str


class AttachmentOut(Schema):
    id: uuid.UUID
    filename: str
    content_type: str
    size: int
    created_at: dt.datetime


class HistoryOut(Schema):
    action: str
    action_label: str
    from_status: str
    to_status: str
    to_status_label: str
    actor_name: str
    at: dt.datetime
    note: str


class MessageOut(Schema):
    id: uuid.UUID
    direction: str
    direction_label: str
    author_name: str
    body: str
    created_at: dt.datetime


class GroupTipOut(Schema):
    id: uuid.UUID
    register_number: str
    status: str
    status_label: str


class MatchedTipOut(Schema):
    id: uuid.UUID
    register_number: str


class MatchedPersonOut(Schema):
    id: uuid.UUID


class IdentifierMatchOut(Schema):
    kind: str
    kind_label: str
    value: str
    tips_count: int = Field(description="Other tips carrying the same identifier.")
    persons_count: int = Field(description="Person records carrying the same identifier.")
    tips: list[MatchedTipOut] = Field(description="The matching tips in the caller's reach.")
    persons: list[MatchedPersonOut] = Field(
        description="The matching person records in the caller's reach."
    )
    elsewhere_count: int = Field(description="Matches outside the caller's reach.")
    elsewhere_agencies: list[str] = Field(
        description="Agencies holding those matches, to ask (never their records)."
    )


class TriageOut(Schema):
    suggestion: dict[str, Any] = Field(
        description="What triage suggested at registration: codes, scores and [start, end] "
        "character spans into the tip content (never the phrases themselves)."
    )
    correction: dict[str, Any] | None = Field(
        description="Where the officer's classification differs from the suggestion: "
        "fields, suggested and final values, triage version."
    )


class TipOut(Schema):
    id: uuid.UUID
    register_number: str
    kind: str
    kind_label: str
    channel: str
    channel_label: str
    status: str
    status_label: str
    received_at: dt.datetime
    receiving_agency_id: uuid.UUID
    receiving_agency_name: str
    received_by_name: str
    assignee_id: uuid.UUID | None
    assignee_name: str
    reporter: ReporterOut
    content: str
    summary: str
    trafficking_related: bool | None
    exploitation_type: str
    exploitation_label: str
    urgent: bool
    child_involved: bool
    destination_country: str
    destination_country_name: str
    deadline_at: dt.datetime | None
    overdue: bool
    is_complex: bool
    complex_reason: str
    extension_months: int | None
    extension_decision_number: str
    extension_decision_date: dt.date | None
    decision: str
    decision_label: str
    decision_number: str
    decision_date: dt.date | None
    case_number: str
    decline_reason: str
    suspension_reason: str
    suspension_label: str
    suspended_at: dt.datetime | None
    resumed_at: dt.datetime | None
    transferred_to_name: str
    transferred_at: dt.datetime | None
    transferred_from_id: uuid.UUID | None
    group_id: uuid.UUID | None
    resolved_at: dt.datetime | None
    allowed_actions: list[str] = Field(
        description="Transitions the caller may make now (the same guard as the staff pages)."
    )
    places: list[PlaceOut]
    identifiers: list[IdentifierOut]
    persons: list[PersonMentionOut]
    attachments: list[AttachmentOut]
    group_tips: list[GroupTipOut]
    history: list[HistoryOut]
    messages: list[MessageOut]
    triage: TriageOut | None = Field(description="Suggestions only: the officer decides.")
    identifier_matches: list[IdentifierMatchOut]


class ReporterIn(Schema):
    anonymous: bool = True
    name: str = Field("", max_length=200)
    phone: str = Field("", max_length=40)
    address: str = Field("", max_length=500)
    email: str = Field("", max_length=200)
    may_contact: bool = False
    contact_note: str = Field("", max_length=2000)


class PlaceIn(Schema):
    admin_unit_code: str | None = Field(
        None, description="A current unit code, or a legacy one (with `legacy: true`)."
    )
    legacy: bool = False
    text: str = Field("", max_length=500, description="The place as written, when no code.")
    role: str = "incident"


class IdentifierIn(Schema):
    kind: str = Field(description="phone, facebook, zalo, telegram, bank_account, cccd, …")
    value: str = Field(max_length=200)


class PersonMentionIn(Schema):
    role: str = "other"
    person_id: uuid.UUID | None = None
    description: str = Field("", max_length=2000)


class AttachmentIn(Schema):
    filename: str = Field(max_length=200)
    content_base64: str = Field(description="The file, base64-encoded.")


class TipRegisterIn(Schema):
    kind: str = Field(description="denunciation, crime_report or prosecution_petition")
    channel: str = Field(description="walk_in, hotline, web_form, letter, media or referral")
    content: str = Field(max_length=20_000)
    received_at: dt.datetime | None = Field(None, description="Default: now.")
    reporter: ReporterIn | None = Field(None, description="Omitted: an anonymous reporter.")
    summary: str = Field("", max_length=1000)
    places: list[PlaceIn] = []
    identifiers: list[IdentifierIn] = []
    persons: list[PersonMentionIn] = []
    attachments: list[AttachmentIn] = []
    urgent: bool = False
    child_involved: bool = False


class ClassifyIn(Schema):
    trafficking_related: bool | None
    exploitation_type: str = ""
    urgent: bool = False
    child_involved: bool = False
    destination_country: str = Field("", description="ISO 3166-1 alpha-2.")
    kind: str | None = None
    summary: str | None = Field(None, max_length=1000)


class AssignIn(Schema):
    assignee_id: uuid.UUID


class TransferIn(Schema):
    to_agency_id: uuid.UUID
    note: str = Field("", max_length=2000)


class ComplexIn(Schema):
    reason: str = Field(max_length=2000)


class ExtendIn(Schema):
    decision_number: str = Field(max_length=60)
    decision_date: dt.date
    months: int


class DecideIn(Schema):
    decision: str = Field(description="prosecute or decline")
    decision_date: dt.date | None = Field(None, description="Default: today.")
    decision_number: str = Field("", max_length=60)
    case_number: str = Field("", max_length=60, description="Required to prosecute.")
    decline_reason: str = Field("", max_length=2000, description="Required to decline.")


class SuspendIn(Schema):
    reason: str = Field(
        description="expert_assessment, valuation, foreign_legal_assistance or key_documents"
    )
    note: str = Field("", max_length=2000)


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


class MessageIn(Schema):
    body: str = Field(max_length=5000)


class GroupIn(Schema):
    other_id: uuid.UUID


class SimilarTipOut(Schema):
    id: uuid.UUID
    register_number: str
    status: str
    status_label: str
    received_at: dt.datetime
    receiving_agency_name: str
    content: str
    shared_identifiers: list[str] = Field(description="Kinds of identifier both tips carry.")
    text_score: float = Field(description="Share of the shorter text found in the other, 0..1.")
    grouped: bool = Field(description="Already in the same group as the tip.")


class SimilarTipsOut(Schema):
    items: list[SimilarTipOut] = Field(description="Similar tips in your reach.")
    elsewhere_count: int = Field(description="Similar tips outside your reach: counted only.")
    elsewhere_agencies: list[str] = Field(description="Agencies holding those: whom to ask.")


class NumbersOut(Schema):
    period_start: dt.date
    period_end: dt.date
    as_of: dt.datetime
    received: int
    classified: int
    resolved: int
    resolved_within_deadline: int
    overdue: int
    by_kind: dict[str, int]
    by_channel: dict[str, int]
    by_decision: dict[str, int]
    resolution_rate: float | None


class DeadlineRuleOut(Schema):
    code: str
    amount: int
    unit: str
    roll_to_working_day: bool
    agency_type: str
    legal_basis: str
    updated_at: dt.datetime


class DeadlineRuleIn(Schema):
    amount: int
    unit: str | None = None
    roll_to_working_day: bool | None = None
    legal_basis: str | None = Field(None, max_length=200)
