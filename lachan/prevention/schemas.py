"""API shapes of prevention work."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from ninja import Schema


class ActivityIn(Schema):
    kind: str
    title: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    admin_unit_code: str
    format: str
    sessions: int | None = 1
    attendees: int | None = 0
    target_groups: list[str] = []
    partners: str = ""
    budget_vnd: int | None = None
    materials: str = ""
    lessons_learned: str = ""
    community_model_id: uuid.UUID | None = None


class ActivityRowOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    title: str
    start_date: dt.date
    end_date: dt.date
    place_name: str
    organiser_name: str
    format_label: str
    target_groups: list[str]
    sessions: int
    attendees: int


class ActivityPageOut(Schema):
    items: list[ActivityRowOut]
    next_cursor: str | None


class TeamOut(Schema):
    id: uuid.UUID
    name: str
    members: int
    result: str
    rank: int | None


class ParticipationOut(Schema):
    id: uuid.UUID
    agency_name: str
    participants: int
    pre_test_score: Decimal | None
    post_test_score: Decimal | None


class AttachmentOut(Schema):
    id: uuid.UUID
    filename: str
    content_type: str
    size: int


class ActivityOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    title: str
    start_date: dt.date
    end_date: dt.date
    admin_unit_code: str
    place_name: str
    organiser_id: uuid.UUID
    organiser_name: str
    partners: str
    target_groups: list[str]
    format: str
    format_label: str
    sessions: int
    attendees: int
    budget_vnd: int | None
    materials: str
    lessons_learned: str
    community_model_id: uuid.UUID | None
    teams: list[TeamOut]
    participations: list[ParticipationOut]
    attachments: list[AttachmentOut]
    may_change: bool


class TeamIn(Schema):
    name: str
    members: int = 0
    result: str = ""
    rank: int | None = None


class ParticipationIn(Schema):
    agency_name: str = ""
    agency_id: uuid.UUID | None = None
    participants: int
    pre_test_score: Decimal | None = None
    post_test_score: Decimal | None = None


class AttachmentIn(Schema):
    filename: str
    content_base64: str


class ImportIn(Schema):
    filename: str = ""
    content_base64: str


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    batch: uuid.UUID
    created: int


class ImportRejectedOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]
    rows: list[RowErrorOut]


class NumbersOut(Schema):
    start: dt.date
    end: dt.date
    activities: int
    activities_by_kind: dict[str, int]
    sessions: int
    sessions_by_kind: dict[str, int]
    attendees: int
    attendees_by_kind: dict[str, int]
    budget_vnd: int
    by_target_group: dict[str, dict[str, int]]
    by_format: dict[str, dict[str, int]]
    models_active: int
    models_people_reached: int
    models_households_reached: int


class ModelIn(Schema):
    name: str
    admin_unit_code: str
    started_on: dt.date | None = None
    description: str = ""
    households_reached: int = 0
    people_reached: int = 0


class ReviewIn(Schema):
    reviewed_on: dt.date | None = None
    rating: str
    households_reached: int = 0
    people_reached: int = 0
    findings: str = ""


class ReplicateIn(Schema):
    admin_unit_code: str
    started_on: dt.date | None = None
    name: str = ""


class ReviewOut(Schema):
    id: uuid.UUID
    reviewed_on: dt.date
    rating: str
    rating_label: str
    households_reached: int
    people_reached: int
    findings: str


class ReplicaOut(Schema):
    id: uuid.UUID
    name: str
    place_name: str
    started_on: dt.date


class ModelOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    admin_unit_code: str
    place_name: str
    owner_agency_name: str
    started_on: dt.date
    ended_on: dt.date | None
    households_reached: int
    people_reached: int
    replicated_from_id: uuid.UUID | None
    replicated_from_name: str
    may_change: bool
    reviews: list[ReviewOut]
    replicas: list[ReplicaOut]
