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
    PRODUCE_PERIOD_REPORT = "reports.produce_period_report"
    EXPORT_PARTNER_DATA = "reports.export_partner_data"  # disclosure-controlled


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


# --- Later domains. Each domain's builder adds members to its own class only. ---------


class CasesPermission(StrEnum):
    VIEW = "cases.view"  # cases one works on (lead, team) or one's agency's, by reach
    CREATE = "cases.create"
    CHANGE = "cases.change"  # edit, suspects, arrests, events, status transitions
    VIEW_EVIDENCE = "cases.view_evidence"  # the evidence log and its attachments
    MANAGE_EVIDENCE = "cases.manage_evidence"
    MANAGE_COOPERATION = "cases.manage_cooperation"  # cross-border meetings, requests
    VIEW_NUMBERS = "cases.view_numbers"  # aggregates only
    DIRECT = "cases.direct"  # supervisors: the agency subtree's and jurisdiction's cases


class NetworksPermission(StrEnum):
    VIEW = "networks.view"  # draw the graph around what one may see
    MANAGE = "networks.manage"  # name and track a network


class VictimsPermission(StrEnum):
    VIEW = "victims.view"  # pseudonymous code and non-identifying facts
    VIEW_IDENTITY = "victims.view_identity"  # identity and address (audited, consent)
    CREATE = "victims.create"  # record a reception
    CHANGE = "victims.change"  # verification, identification, protection, plans
    IDENTIFY = "victims.identify"  # decide victim / not a victim
    RECORD_SUPPORT = "victims.record_support"
    APPROVE_SUPPORT = "victims.approve_support"  # measures outside the entitlement
    MANAGE_CONSENT = "victims.manage_consent"
    REFER = "victims.refer"
    VIEW_NUMBERS = "victims.view_numbers"  # aggregates only


class PreventionPermission(StrEnum):
    VIEW = "prevention.view"
    RECORD = "prevention.record"  # enter, import and edit activities
    RECORD_SUBTREE = "prevention.record_subtree"  # correct those of agencies below one's own
    VIEW_NUMBERS = "prevention.view_numbers"


class PlansPermission(StrEnum):
    VIEW = "plans.view"
    MANAGE = "plans.manage"  # create plans, indicators, targets


class LinkagePermission(StrEnum):
    REVIEW = "linkage.review"  # see candidate pairs in reach and decide
    MERGE = "linkage.merge"  # merge and unmerge clusters
    RUN = "linkage.run"  # start a full re-link


Permission = (
    PeoplePermission
    | AccountsPermission
    | AuditPermission
    | AccessPermission
    | ReportsPermission
    | GeoPermission
    | TipsPermission
    | CasesPermission
    | NetworksPermission
    | VictimsPermission
    | PreventionPermission
    | PlansPermission
    | LinkagePermission
)
ALL_PERMISSION_ENUMS: tuple[type[StrEnum], ...] = (
    PeoplePermission,
    AccountsPermission,
    AuditPermission,
    AccessPermission,
    ReportsPermission,
    GeoPermission,
    TipsPermission,
    CasesPermission,
    NetworksPermission,
    VictimsPermission,
    PreventionPermission,
    PlansPermission,
    LinkagePermission,
)
