"""API shapes of networks. Nodes carry masked labels only; records outside the caller's
reach appear nowhere but in the counts (``hidden_count``, ``hidden_links``)."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema


class NodeOut(Schema):
    key: str = Field(
        description=(
            "p:<person>, i:<identifier blind index>, a:<unit>:<hash>, t:<tip>, c:<case>, "
            "k:<cluster>."
        )
    )
    kind: str
    kind_label: str
    label: str = Field(description="Masked name, masked identifier, tip or case number.")
    detail: str
    url: str
    hop: int
    degree: int
    betweenness: float
    component: int
    hidden_links: int = Field(description="Linked records outside the caller's reach.")
    is_center: bool
    member: bool
    new: bool


class EdgeOut(Schema):
    source: str
    target: str
    kind: str
    label: str


class ComponentOut(Schema):
    number: int
    node_keys: list[str]
    persons: int
    cases: int
    tips: int


class NetworkViewOut(Schema):
    title: str
    center_keys: list[str]
    hops: int
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    hidden_count: int = Field(description="Distinct linked records outside reach, not drawn.")
    truncated: bool
    components: list[ComponentOut]
    central: list[str]
    graph_version: int
    built_at: dt.datetime | None
    stale: bool
    missing_members: int


class ComponentSummaryOut(Schema):
    node_key: str
    label: str
    persons: int
    cases: int
    tips: int
    hidden: int


class TrackedNetworkOut(Schema):
    id: uuid.UUID
    name: str
    note: str
    status: str
    owner_agency_name: str
    center_key: str
    hops: int
    member_count: int
    created_at: dt.datetime
    refreshed_at: dt.datetime | None


class TrackIn(Schema):
    name: str
    note: str = ""
    node: str
    hops: int | None = None


class RenameIn(Schema):
    name: str
    note: str = ""


class MemberIn(Schema):
    node: str


class ExportIn(Schema):
    node: str
    hops: int | None = None
    format: str = Field(description="graphml, svg or png")


class TrackedExportIn(Schema):
    format: str


class RefreshOut(Schema):
    added: int
    removed: int
