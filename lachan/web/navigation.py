"""The main menu. Each entry names the permission that shows it; a module that is not
built yet has no entry at all (never a dead link). Later modules add their entries
here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lachan.access.grants import permissions_for
from lachan.access.permissions import (
    AccountsPermission,
    AuditPermission,
    CasesPermission,
    GeoPermission,
    LinkagePermission,
    NetworksPermission,
    PeoplePermission,
    Permission,
    PlansPermission,
    PreventionPermission,
    ReportsPermission,
    TipsPermission,
    VictimsPermission,
)


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    shown_if: Callable[[frozenset[Permission]], bool]
    section: str  # first path segment, to mark the current entry


def _has(*perms: Permission) -> Callable[[frozenset[Permission]], bool]:
    return lambda granted: any(p in granted for p in perms)


NAV_ENTRIES: tuple[NavEntry, ...] = (
    NavEntry(_("Home"), "web:home", lambda granted: True, ""),
    NavEntry(_("Tips register"), "tips:queue", _has(TipsPermission.VIEW), "tips"),
    NavEntry(_("Persons"), "people:list", _has(PeoplePermission.VIEW), "people"),
    NavEntry(_("Victims"), "victims:list", _has(VictimsPermission.VIEW), "victims"),
    NavEntry(_("Possible duplicates"), "linkage:queue", _has(LinkagePermission.REVIEW), "linkage"),
    NavEntry(_("Cases"), "cases:list", _has(CasesPermission.VIEW), "cases"),
    NavEntry(
        _("Prevention"),
        "prevention:activity_list",
        _has(PreventionPermission.VIEW),
        "prevention",
    ),
    NavEntry(_("Plans"), "plans:list", _has(PlansPermission.VIEW), "plans"),
    NavEntry(_("Networks"), "networks:home", _has(NetworksPermission.VIEW), "networks"),
    NavEntry(_("Reports"), "reports:analysis", _has(ReportsPermission.VIEW_AGGREGATES), "reports"),
    NavEntry(
        _("Users"),
        "accounts:user_list",
        _has(AccountsPermission.MANAGE_AGENCY_USERS, AccountsPermission.MANAGE_ALL_USERS),
        "accounts",
    ),
    NavEntry(_("Audit trail"), "audit:event_list", _has(AuditPermission.VIEW_TRAIL), "audit"),
    NavEntry(_("Administrative units"), "geo:search", _has(GeoPermission.VIEW), "geo"),
)


def entries_for(user: Any) -> list[NavEntry]:
    if not (user.is_authenticated and getattr(user, "role", "")):
        return []
    granted = permissions_for(user.role)
    return [entry for entry in NAV_ENTRIES if entry.shown_if(granted)]
