"""The audit trail: append-only events chained by hash.

Each event stores the hash of the one before it (``prev_hash``) and its own ``hash``
over its content and that link, so editing or deleting any row breaks the chain at
that row (``manage.py audit_verify``). Database triggers refuse UPDATE and DELETE on
this table (see ``lachan/audit/db.py``). Events hold who/what/which/when/how and the
*names* of changed fields — never a secret or personal content."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lachan.core.context import Interface

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    seq = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    # No database constraint: users and agencies are never deleted, and an audit row
    # must never be touched by an ON DELETE action.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # The agency the target record belongs to (when it has one): the record's owner's
    # auditors see who touched it, whichever agency the actor came from — a break-glass
    # view by another province must show up in the owning province's trail.
    subject_agency = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    interface = models.CharField(max_length=16, choices=[(i.value, i.value) for i in Interface])
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """One row that every audit write locks, so events are chained one after another
    even with concurrent writers (row lock on PostgreSQL, IMMEDIATE transactions on
    SQLite)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit chain head at seq {self.seq}"
