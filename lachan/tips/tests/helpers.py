"""Small helpers shared by the tips tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of
from lachan.tips import services
from lachan.tips.models import (
    Tip,
    TipAttachment,
    TipGroup,
    TipIdentifier,
    TipMessage,
    TipPlace,
    TipStatus,
    TipTransition,
)

VN = dt.timezone(dt.timedelta(hours=7))


def make_tip(
    actor: Any,
    content: str = "Có người rủ con gái tôi sang Trung Quốc làm việc lương cao.",
    **kwargs: Any,
) -> Tip:
    kwargs.setdefault("kind", "denunciation")
    kwargs.setdefault("channel", "hotline")
    if "places" not in kwargs:
        kwargs["places"] = [services.PlaceInput(admin_unit=commune_of("31"))]
    return services.tip_register(actor=actor, content=content, **kwargs)


def classified(tip: Tip, actor: Any, **kwargs: Any) -> Tip:
    kwargs.setdefault("trafficking_related", True)
    kwargs.setdefault("exploitation_type", "forced_marriage")
    return services.tip_classify(actor=actor, tip=tip, **kwargs)


def verifying(tip: Tip, supervisor: Any, assignee: Any | None = None) -> Tip:
    tip = classified(tip, supervisor)
    if assignee is not None:
        tip = services.tip_assign(actor=supervisor, tip=tip, assignee=assignee)
    return services.tip_start_verification(actor=supervisor, tip=tip)


def past_deadline(tip: Tip) -> Tip:
    """Move the tip's clock so that its deadline has just passed."""
    Tip.objects.filter(pk=tip.pk).update(deadline_at=timezone.now() - dt.timedelta(minutes=1))
    tip.refresh_from_db()
    return tip


def snapshot() -> tuple[Any, ...]:
    """Everything a refused transition must leave as it was."""
    tips = sorted(
        (
            str(t.pk),
            t.status,
            t.kind,
            t.assignee_id,
            t.deadline_at,
            t.is_complex,
            t.extension_months,
            t.decision,
            t.suspension_reason,
            t.group_id,
            t.updated_at,
            t.transferred_to_id,
            t.exploitation_type,
            t.trafficking_related,
        )
        for t in Tip.objects.all()
    )
    return (
        tips,
        TipTransition.objects.count(),
        TipMessage.objects.count(),
        TipGroup.objects.count(),
        TipPlace.objects.count(),
        TipIdentifier.objects.count(),
        TipAttachment.objects.count(),
        AuditEvent.objects.count(),
    )


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


def status_of(tip: Tip) -> str:
    return Tip.objects.values_list("status", flat=True).get(pk=tip.pk)


__all__ = [
    "VN",
    "TipStatus",
    "actions",
    "classified",
    "make_tip",
    "past_deadline",
    "snapshot",
    "status_of",
    "verifying",
]
