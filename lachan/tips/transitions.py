"""The guard: which transitions a tip allows now, for whom. The staff pages (which
buttons to show), the API (``allowed_actions``) and every service (refuse before
writing) ask the same function, ``allowed_transitions``.

A transition is allowed when the tip's state allows it (``state_allows``) *and* the
actor holds the permission it needs on this tip (``TipPolicy.actions_on``)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import Permission, TipsPermission
from lachan.access.policies.tips import tip_policy
from lachan.core.errors import Conflict, NotFound, PermissionDenied
from lachan.tips.models import ACTIVE_STATUSES, OPEN_STATUSES, Tip, TipStatus


class Transition(StrEnum):
    CLASSIFY = "classify"
    ASSIGN = "assign"
    TRANSFER = "transfer"
    VERIFY = "verify"
    MARK_COMPLEX = "mark_complex"
    EXTEND = "extend"
    DECIDE = "decide"
    SUSPEND = "suspend"
    RESUME = "resume"
    MESSAGE = "message"
    GROUP = "group"


REQUIRES: dict[Transition, Permission] = {
    Transition.CLASSIFY: TipsPermission.CLASSIFY,
    Transition.ASSIGN: TipsPermission.ASSIGN,
    **{
        t: TipsPermission.WORK
        for t in Transition
        if t not in (Transition.CLASSIFY, Transition.ASSIGN)
    },
}


def state_allows(tip: Tip, *, now: dt.datetime | None = None) -> frozenset[Transition]:
    """What the tip's facts allow, whoever asks."""
    now = now or timezone.now()
    status = tip.status
    allowed = {Transition.MESSAGE, Transition.GROUP}
    if status in ACTIVE_STATUSES:
        allowed |= {Transition.CLASSIFY, Transition.TRANSFER}
    if status in OPEN_STATUSES:
        allowed.add(Transition.ASSIGN)
    if status == TipStatus.CLASSIFIED:
        allowed.add(Transition.VERIFY)
    if status in (TipStatus.CLASSIFIED, TipStatus.VERIFYING) and tip.resumed_at is None:
        if not tip.is_complex:
            allowed.add(Transition.MARK_COMPLEX)
        if tip.extension_months is None:  # the procuracy extends once
            allowed.add(Transition.EXTEND)
    if status == TipStatus.VERIFYING:
        allowed.add(Transition.DECIDE)
        # Suspension only once the deadline has passed (CPC Art 148(1)).
        if tip.deadline_at is not None and now >= tip.deadline_at:
            allowed.add(Transition.SUSPEND)
    if status == TipStatus.SUSPENDED:
        allowed.add(Transition.RESUME)
    return frozenset(allowed)


def allowed_transitions(
    tip: Tip, *, actor: Any = None, now: dt.datetime | None = None
) -> frozenset[Transition]:
    """The transitions ``actor`` may make on ``tip`` now (without an actor: what the
    state allows)."""
    allowed = state_allows(tip, now=now)
    if actor is None:
        return allowed
    held = tip_policy.actions_on(actor, tip)
    return frozenset(t for t in allowed if REQUIRES[t] in held)


def _refusal(tip: Tip, transition: Transition, now: dt.datetime) -> str | Promise:
    if transition == Transition.SUSPEND and tip.status == TipStatus.VERIFYING:
        return _("A tip can be suspended only after its deadline has passed.")
    if transition == Transition.EXTEND and tip.extension_months is not None:
        return _("The procuracy has already extended this tip's deadline once.")
    if transition == Transition.MARK_COMPLEX and tip.is_complex:
        return _("This tip is already marked complex.")
    return _("This cannot be done while the tip is “%(status)s”.") % {
        "status": TipStatus(tip.status).label
    }


def require_transition(
    actor: Any, tip: Tip, transition: Transition, *, now: dt.datetime | None = None
) -> None:
    """Raise unless ``actor`` may make ``transition`` on ``tip`` now: NotFound out of
    reach, PermissionDenied when the tip is seen but the action is not theirs,
    Conflict when the tip's state does not allow it."""
    now = now or timezone.now()
    held = tip_policy.actions_on(actor, tip)
    if TipsPermission.VIEW not in held:
        raise NotFound(_("Not found."))
    if REQUIRES[transition] not in held:
        raise PermissionDenied(_("You may not do this on this tip."))
    if transition not in state_allows(tip, now=now):
        raise Conflict(_refusal(tip, transition, now), code="transition_not_allowed")
