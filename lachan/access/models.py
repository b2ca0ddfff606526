"""Who is assigned to which record, and break-glass grants.

Both point at a record by (``object_type`` = model label, ``object_id``), because every
domain model has a UUID key; policies filter with a subquery on these tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lachan.core.models import BaseModel


class Assignment(BaseModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    object_type = models.CharField(max_length=80)
    object_id = models.UUIDField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "object_type", "object_id"], name="access_assignment_unique"
            )
        ]
        indexes = [models.Index(fields=["object_type", "object_id"])]


class BreakGlassGrant(BaseModel):
    """Emergency access to one record outside the user's reach: reason required,
    time-limited, audited and listed for the auditor."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    object_type = models.CharField(max_length=80)
    object_id = models.UUIDField()
    reason = models.TextField(_("reason"))
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "object_type", "expires_at"])]
