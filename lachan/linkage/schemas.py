"""API shapes of record linkage. Persons appear masked (as in the people API); a side
out of the caller's reach carries only the agency's name."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema


class PersonBriefOut(Schema):
    id: uuid.UUID
    identity_visible: bool
    full_name: str
    sex: str
    birth_year: int | None
    admin_unit_code: str
    owner_agency_name: str


class SideOut(Schema):
    in_reach: bool
    agency_name: str
    person: PersonBriefOut | None = None
    cluster_id: uuid.UUID | None = None


class EvidenceOut(Schema):
    comparison: str
    level: str
    weight: float
    direction: str


class PairOut(Schema):
    id: uuid.UUID
    probability: float
    weight: float
    status: str
    proposed_same: bool
    decidable: bool
    left: SideOut
    right: SideOut
    evidence: list[EvidenceOut]


class PairPageOut(Schema):
    items: list[PairOut]
    total: int
    next_offset: int | None


class DecisionIn(Schema):
    decision: str  # same | different | unsure


class ClusterOut(Schema):
    id: uuid.UUID
    members: list[SideOut]
    can_unmerge: bool


class RunOut(Schema):
    id: uuid.UUID
    kind: str
    status: str
    progress: int
    stage: str
    records: int
    pairs: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
