"""The guard of a case's life. The staff pages (which buttons to show), the API
(``allowed_actions``) and every transition service ask the same functions.

investigating → solved (offence and offenders established) or suspended;
suspended → investigating (resumed); solved → transferred to the procuracy (with the
recommendation to indict) → indicted → tried (with the outcome). A trial that returns
the file for further investigation puts the case back to investigating."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import CasesPermission
from lachan.access.policies.cases import case_policy
from lachan.cases.models import Case, CaseStatus
from lachan.core.errors import Conflict, NotFound, PermissionDenied


class CaseAction(StrEnum):
    SOLVE = "solve"
    SUSPEND = "suspend"
    RESUME = "resume"
    TRANSFER = "transfer"
    INDICT = "indict"
    TRY = "try"


# action: (from statuses, to status)
MOVES: dict[CaseAction, tuple[tuple[str, ...], str]] = {
    CaseAction.SOLVE: ((CaseStatus.INVESTIGATING,), CaseStatus.SOLVED),
    CaseAction.SUSPEND: ((CaseStatus.INVESTIGATING,), CaseStatus.SUSPENDED),
    CaseAction.RESUME: ((CaseStatus.SUSPENDED,), CaseStatus.INVESTIGATING),
    CaseAction.TRANSFER: ((CaseStatus.SOLVED,), CaseStatus.TRANSFERRED),
    CaseAction.INDICT: ((CaseStatus.TRANSFERRED,), CaseStatus.INDICTED),
    CaseAction.TRY: ((CaseStatus.INDICTED,), CaseStatus.TRIED),
}

ACTION_LABELS: dict[CaseAction, str | Promise] = {
    CaseAction.SOLVE: _("Mark as solved"),
    CaseAction.SUSPEND: _("Suspend the investigation"),
    CaseAction.RESUME: _("Resume the investigation"),
    CaseAction.TRANSFER: _("Transfer to the procuracy"),
    CaseAction.INDICT: _("Record the indictment"),
    CaseAction.TRY: _("Record the trial outcome"),
}


def state_allows(case: Case) -> frozenset[CaseAction]:
    return frozenset(a for a, (sources, _to) in MOVES.items() if case.status in sources)


def allowed_actions(
    case: Case, *, actor: Any = None, held: frozenset[Any] | None = None
) -> frozenset[CaseAction]:
    """What the actor may do now (``held``: their permissions on the case, when the
    caller already asked the policy)."""
    allowed = state_allows(case)
    if actor is None:
        return allowed
    held = case_policy.actions_on(actor, case) if held is None else held
    if CasesPermission.CHANGE not in held:
        return frozenset()
    return allowed


def require_action(actor: Any, case: Case, action: CaseAction) -> str:
    """The status the case moves to; raises NotFound out of reach, PermissionDenied
    when seen but not the actor's to change, Conflict when the state forbids it."""
    held = case_policy.actions_on(actor, case)
    if CasesPermission.VIEW not in held:
        raise NotFound(_("Not found."))
    if CasesPermission.CHANGE not in held:
        raise PermissionDenied(_("You may not change this case."))
    sources, target = MOVES[action]
    if case.status not in sources:
        raise Conflict(
            _("This cannot be done while the case is “%(status)s”.")
            % {"status": CaseStatus(case.status).label},
            code="transition_not_allowed",
        )
    return target
