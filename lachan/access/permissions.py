"""Permission enums, one per domain (Saleor style). A role is a set of these
(``grants.py``); a policy combines them with the actor's reach (``policies/``)."""

from __future__ import annotations

from enum import StrEnum


class PeoplePermission(StrEnum):
    VIEW = "people.view"  # see that a record exists, with masked identity
    VIEW_IDENTITY = "people.view_identity"  # unmask names, IDs, phones, addresses
    CREATE = "people.create"
    CHANGE = "people.change"


class AccountsPermission(StrEnum):
    MANAGE_AGENCY_USERS = "accounts.manage_agency_users"  # users of one's own agency
    MANAGE_ALL_USERS = "accounts.manage_all_users"
    MANAGE_AGENCIES = "accounts.manage_agencies"
    CREATE_API_TOKEN = "accounts.create_api_token"  # noqa: S105 (a name, not a secret)


class AuditPermission(StrEnum):
    VIEW_TRAIL = "audit.view_trail"
    EXPORT_TRAIL = "audit.export_trail"


class AccessPermission(StrEnum):
    BREAK_GLASS = "access.break_glass"


class ReportsPermission(StrEnum):
    VIEW_AGGREGATES = "reports.view_aggregates"


class GeoPermission(StrEnum):
    VIEW = "geo.view"


Permission = (
    PeoplePermission
    | AccountsPermission
    | AuditPermission
    | AccessPermission
    | ReportsPermission
    | GeoPermission
)
ALL_PERMISSION_ENUMS: tuple[type[StrEnum], ...] = (
    PeoplePermission,
    AccountsPermission,
    AuditPermission,
    AccessPermission,
    ReportsPermission,
    GeoPermission,
)
