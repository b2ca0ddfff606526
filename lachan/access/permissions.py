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
    ASSIGN = "access.assign"  # assign a record in one's reach to a colleague


class ReportsPermission(StrEnum):
    VIEW_AGGREGATES = "reports.view_aggregates"


class GeoPermission(StrEnum):
    VIEW = "geo.view"


class TipsPermission(StrEnum):
    REGISTER = "tips.register"  # enter a tip in one's own agency's register
    VIEW = "tips.view"  # tips assigned to oneself or entered by oneself
    VIEW_AGENCY = "tips.view_agency"  # one's own agency's whole register
    VIEW_SUBTREE = "tips.view_subtree"  # agencies below one's own and one's jurisdiction
    CLASSIFY = "tips.classify"
    # verify, transfer, mark complex, extend, decide, suspend, resume, group, write to the
    # reporter: on tips assigned to oneself (or, with ASSIGN, any tip in reach)
    WORK = "tips.work"
    ASSIGN = "tips.assign"
    VIEW_REPORTER = "tips.view_reporter"  # unmask the reporter's identity (audited)
    EXPORT_REGISTER = "tips.export_register"  # the intake register book (sổ tiếp nhận)
    VIEW_NUMBERS = "tips.view_numbers"  # aggregates only, never rows
    MANAGE_DEADLINE_RULES = "tips.manage_deadline_rules"


Permission = (
    PeoplePermission
    | AccountsPermission
    | AuditPermission
    | AccessPermission
    | ReportsPermission
    | GeoPermission
    | TipsPermission
)
ALL_PERMISSION_ENUMS: tuple[type[StrEnum], ...] = (
    PeoplePermission,
    AccountsPermission,
    AuditPermission,
    AccessPermission,
    ReportsPermission,
    GeoPermission,
    TipsPermission,
)
