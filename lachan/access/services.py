"""Break-glass: a supervisor opens one record outside their reach, for a stated reason,
for a limited time. Every grant and every failed attempt is an audit event carrying the
reason; auditors list the grants (``audit:break_glass_log``).

Assignments: a supervisor assigns a record in their reach to a colleague, who then
reaches it too (``access.assign`` in the audit trail)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lachan.access.breakglass import parse_object_id, target_for_type
from lachan.access.models import Assignment, BreakGlassGrant
from lachan.access.policies.access import assignment_policy, break_glass_grant_policy
from lachan.audit.services import audit_record
from lachan.audit.subjects import owning_agency_id
from lachan.core.errors import Conflict, NotFound, ValidationFailed
from lachan.core.text import nfc

if TYPE_CHECKING:
    from lachan.accounts.models import User

MIN_REASON_LENGTH = 15
MAX_REASON_LENGTH = 1000
DEFAULT_BREAK_GLASS_HOURS = 4

AUDIT_GRANTED = "access.break_glass"
AUDIT_FAILED = "access.break_glass_failed"
AUDIT_ASSIGNED = "access.assign"


def break_glass_hours() -> int:
    return int(getattr(settings, "LACHAN_BREAK_GLASS_HOURS", DEFAULT_BREAK_GLASS_HOURS))


def clean_reason(reason: str) -> str:
    """The reason as it will be kept: NFC, trimmed; long enough to mean something."""
    cleaned = nfc(reason or "").strip()
    if len(cleaned) < MIN_REASON_LENGTH:
        raise ValidationFailed(
            _("Explain why you need this record."),
            fields={
                "reason": [_("Write at least %(count)s characters.") % {"count": MIN_REASON_LENGTH}]
            },
        )
    if len(cleaned) > MAX_REASON_LENGTH:
        raise ValidationFailed(
            _("The reason is too long."),
            fields={"reason": [_("At most %(count)s characters.") % {"count": MAX_REASON_LENGTH}]},
        )
    return cleaned


def break_glass_open(
    *, actor: User, object_type: str, object_id: uuid.UUID | str, reason: str
) -> BreakGlassGrant:
    """Grant ``actor`` time-limited access to one record outside their reach.

    Without the break-glass permission the answer is ``NotFound`` and nothing is written
    (the page does not exist for them); an empty or short reason is ``ValidationFailed``
    and nothing is written. A record that does not exist (or a type that cannot be opened
    this way) answers the same ``NotFound`` — and that attempt, with its reason, is kept
    in the audit trail.
    """
    if not break_glass_grant_policy.may_open(actor):
        raise NotFound(_("Not found."))
    cleaned = clean_reason(reason)
    target = target_for_type(object_type)
    parsed_id = parse_object_id(object_id)
    hours = break_glass_hours()

    with transaction.atomic():
        record = target.get(parsed_id) if target is not None and parsed_id is not None else None
        if target is None or parsed_id is None or record is None:
            _record_failed_attempt(
                actor=actor,
                object_type=object_type if target else "",
                object_id=parsed_id,
                reason=cleaned,
            )
            grant = None
        else:
            grant = BreakGlassGrant.objects.create(
                user=actor,
                object_type=target.object_type,
                object_id=parsed_id,
                reason=cleaned,
                expires_at=timezone.now() + timedelta(hours=hours),
            )
            audit_record(
                actor=actor,
                action=AUDIT_GRANTED,
                object_type=target.object_type,
                object_id=str(parsed_id),
                changes={"grant": str(grant.pk), "hours": hours},
                reason=cleaned,
                subject_agency_id=owning_agency_id(record),  # the owner's auditors see it
            )
    # Raised after the block so that the failed attempt's audit event is committed.
    if grant is None:
        raise NotFound(_("Not found."))
    return grant


def _record_failed_attempt(
    *, actor: User, object_type: str, object_id: uuid.UUID | None, reason: str
) -> None:
    # Only a registered type and a well-formed id are kept: anything else the user
    # typed in the address bar is not ours to store.
    changes: dict[str, Any] = {"outcome": "not_found"}
    audit_record(
        actor=actor,
        action=AUDIT_FAILED,
        object_type=object_type,
        object_id=str(object_id) if object_id and object_type else "",
        changes=changes,
        reason=reason,
    )


# -- assignments -------------------------------------------------------------------------------
def assignment_create(*, actor: User, user: User, obj: models.Model) -> Assignment:
    """Assign ``obj`` to ``user``. NotFound when the actor may not assign or does not
    reach the record without break-glass (nothing written); ValidationFailed for an
    assignee who is not an active staff user, or for the actor themselves; Conflict when
    the record is already assigned to them."""
    if not assignment_policy.may_assign(actor, obj):
        raise NotFound(_("Not found."))
    if not assignment_policy.may_be_assigned(user):
        raise ValidationFailed(
            _("Choose an active staff user."),
            fields={"user": [_("Choose an active staff user.")]},
        )
    if not assignment_policy.may_assign_to(actor, user):
        raise ValidationFailed(
            _("A record is assigned by a second person, never to oneself."),
            fields={"user": [_("Choose a colleague, not yourself.")]},
        )
    object_type = obj._meta.label_lower
    taken = Assignment.objects.filter(user=user, object_type=object_type, object_id=obj.pk)
    if taken.exists():
        raise Conflict(_("The record is already assigned to this user."))
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                user=user, object_type=object_type, object_id=obj.pk, assigned_by=actor
            )
            audit_record(
                actor=actor,
                action=AUDIT_ASSIGNED,
                target=obj,
                changes={"assignment": str(assignment.pk), "user": str(user.pk)},
            )
    except IntegrityError:  # the same assignment made at the same moment
        raise Conflict(_("The record is already assigned to this user.")) from None
    return assignment


# -- when a user's job changes -----------------------------------------------------------------
def access_revoke_for_user(*, actor: User | None, user: User) -> dict[str, int]:
    """End every assignment and live break-glass grant of ``user``: called inside the
    transaction that changes their role or agency, since both were given for the old
    job. Audited as one event with the counts."""
    with transaction.atomic():
        assignments, _ = Assignment.objects.filter(user=user).delete()
        grants = BreakGlassGrant.objects.filter(user=user, expires_at__gt=timezone.now()).update(
            expires_at=timezone.now()
        )
        counts = {"assignments": assignments, "break_glass_grants": grants}
        if assignments or grants:
            audit_record(actor=actor, action="access.revoke_for_user", target=user, changes=counts)
    return counts
