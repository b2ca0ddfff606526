"""API shapes of victim files. Identity fields come masked unless ``disclosure`` says
what is shown (asked with ``?reveal=true`` and allowed by the access layer)."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema


class VictimRowOut(Schema):
    id: uuid.UUID
    code: str = Field(description="Pseudonymous victim code.")
    name: str = Field(description="Masked unless name_visible.")
    name_visible: bool
    status: str
    status_label: str
    channel: str
    channel_label: str
    received_at: dt.datetime
    reception_unit_name: str
    owner_agency_name: str
    is_child: bool
    sex_label: str
    exploitation_label: str
    verification_due_at: dt.datetime
    overdue: bool
    due_soon: bool


class VictimPageOut(Schema):
    items: list[VictimRowOut]
    next_cursor: str | None
    counters: dict[str, int]


class DisclosureOut(Schema):
    identity: bool
    address: bool
    account: bool
    basis: str = Field(description="owner, break_glass, consent or none.")


class ChecklistItemOut(Schema):
    measure: str
    label: str
    entitled: bool
    entitled_for_minor: bool
    delivered: int
    amount_vnd: int
    pending: int


class EntitlementOut(Schema):
    basis: str
    measures: list[str]
    minor_measures: list[str]
    case_by_case: bool
    checklist: list[ChecklistItemOut]


class HistoryOut(Schema):
    at: dt.datetime
    from_status: str
    to_status: str
    agency: str
    decision_number: str


class EvidenceOut(Schema):
    id: uuid.UUID
    category: str
    document_number: str
    dated: dt.date | None
    description: str = Field(description='"" unless the account of events is disclosed.')


class ProtectionOut(Schema):
    id: uuid.UUID
    kind: str
    started_on: dt.date
    ended_on: dt.date | None
    responsible_agency: str


class ConsentOut(Schema):
    id: uuid.UUID
    share_identity: bool
    share_address: bool
    share_account: bool
    grantee_agency_id: uuid.UUID | None
    grantee_role: str
    purpose: str
    given_by: str
    given_on: dt.date
    withdrawn_at: dt.datetime | None


class SupportOut(Schema):
    id: uuid.UUID
    measure: str
    beneficiary: str
    delivered_on: dt.date
    provider_agency: str
    amount_vnd: int | None
    document_ref: str
    within_entitlement: bool
    approval_status: str


class ReferralOut(Schema):
    id: uuid.UUID
    service: str
    status: str
    from_agency: str
    to_agency: str


class EpisodeOut(Schema):
    id: uuid.UUID
    code: str
    received_at: dt.datetime


class VictimOut(Schema):
    id: uuid.UUID
    code: str
    status: str
    channel: str
    is_child: bool
    received_at: dt.datetime
    reception_unit_code: str
    receiving_agency: str
    owner_agency: str
    location: str
    accompanying_minors: int
    verification_due_at: dt.datetime
    verified_at: dt.datetime | None
    overdue: bool
    deciding_agency: str
    decided_on: dt.date | None
    decision_number: str
    disclosure: DisclosureOut
    name: str
    sex: str
    birth: str
    nationality: str
    identifiers: list[dict[str, str]]
    addresses: list[dict[str, str]]
    exploitation_type: str
    means_of_control: list[str]
    recruitment_method: str
    recruiter_relation: str
    recruitment_country: str
    transit_countries: list[str]
    exploitation_country: str
    history: list[HistoryOut]
    evidence: list[EvidenceOut]
    protection: list[ProtectionOut]
    consents: list[ConsentOut] = Field(description="Only for the managing side.")
    support: list[SupportOut] = Field(description="Only for the social-work side.")
    entitlement: EntitlementOut | None
    referrals: list[ReferralOut]
    other_episodes: list[EpisodeOut]
    other_episodes_elsewhere: int
    allowed_actions: list[str]


class NewPersonIn(Schema):
    full_name: str = Field(max_length=200)
    sex: str = "unknown"
    birth_date: dt.date | None = None
    birth_year: int | None = None
    nationality: str = "VN"
    admin_unit_code: str | None = None
    address: str = Field("", max_length=500)
    phone: str = Field("", max_length=50)
    id_number: str = Field("", max_length=20)


class ExploitationIn(Schema):
    exploitation_type: str = "unknown"
    means_of_control: list[str] = []
    recruitment_method: str = "unknown"
    recruiter_relation: str = "unknown"
    recruitment_country: str = ""
    transit_countries: list[str] = []
    exploitation_country: str = ""
    exploitation_place: str = Field("", max_length=200)
    exploitation_started_on: dt.date | None = None
    exploitation_ended_on: dt.date | None = None
    account: str = Field("", max_length=4000)


class ReceiveIn(Schema):
    person_id: uuid.UUID | None = Field(None, description="A known person in reach…")
    new_person: NewPersonIn | None = Field(None, description="…or a person met now.")
    channel: str = Field(description="rescued, self_returned or reported_by_family")
    received_at: dt.datetime | None = None
    reception_unit_code: str
    reception_place: str = Field("", max_length=200)
    owner_agency_id: uuid.UUID | None = None
    location: str = "in_vietnam"
    accompanying_minors: int = 0
    is_child: bool | None = None
    guardian_name: str = ""
    guardian_relation: str = ""
    guardian_contact: str = ""
    exploitation: ExploitationIn | None = None


class HandoverPersonIn(Schema):
    new_person: NewPersonIn
    document_number: str = Field("", max_length=60)
    is_child: bool | None = None
    accompanying_minors: int = 0


class HandoverIn(Schema):
    border_gate: str = Field(description="Code from lachan.core.border_gates (e.g. nam_can).")
    border_gate_other: str = ""
    handed_over_at: dt.datetime | None = None
    foreign_authority: str
    foreign_country: str
    document_number: str
    reception_unit_code: str
    owner_agency_id: uuid.UUID | None = None
    case_event_id: uuid.UUID | None = None
    persons: list[HandoverPersonIn]


class HandoverOut(Schema):
    id: uuid.UUID
    records: list[EpisodeOut]


class NoteIn(Schema):
    note: str = Field("", max_length=4000)


class IdentifyIn(Schema):
    outcome: str = Field(description="victim or not_victim")
    decided_on: dt.date
    decision_number: str = ""
    note: str = ""


class EvidenceIn(Schema):
    category: str
    document_number: str = ""
    dated: dt.date | None = None
    description: str = ""


class ProtectionIn(Schema):
    kind: str
    started_on: dt.date
    ended_on: dt.date | None = None
    responsible_agency_id: uuid.UUID | None = None
    note: str = ""


class ConsentIn(Schema):
    share_identity: bool = False
    share_address: bool = False
    share_account: bool = False
    grantee_agency_id: uuid.UUID | None = None
    grantee_role: str = ""
    purpose: str
    given_by: str
    given_on: dt.date
    note: str = ""


class SupportIn(Schema):
    measure: str = Field(description="a, b, c, d, dd (đ), e, g, h, i, k")
    delivered_on: dt.date
    provider_agency_id: uuid.UUID | None = None
    amount_vnd: int | None = None
    document_ref: str = ""
    beneficiary: str = "person"
    note: str = ""


class SupportDecisionIn(Schema):
    approve: bool
    reason: str


class ReferralIn(Schema):
    to_agency_id: uuid.UUID
    service: str
    note: str = ""


class ReferralAnswerIn(Schema):
    answer: str = Field(description="accept, decline or done")
    note: str = ""


class LinkCaseIn(Schema):
    case_agency_id: uuid.UUID
    case_number: str


class GoalIn(Schema):
    area: str
    description: str = ""
    target_on: dt.date | None = None


class PlanIn(Schema):
    started_on: dt.date
    follow_up_until: dt.date | None = None
    responsible_agency_id: uuid.UUID | None = None
    goals: list[GoalIn]


class VisitIn(Schema):
    visited_on: dt.date
    outcomes: list[str]
    note: str = ""


class SupportFigureOut(Schema):
    count: int
    amount_vnd: int


class NumbersOut(Schema):
    received: int
    received_by_channel: dict[str, int]
    identified_as_victims: int
    children: int
    by_sex: dict[str, int]
    by_age_band: dict[str, int]
    by_country_of_exploitation: dict[str, int]
    by_exploitation_type: dict[str, int]
    support_by_measure: dict[str, SupportFigureOut]
    supported: int
    reintegration_outcomes: dict[str, int]
