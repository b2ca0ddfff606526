"""Public submissions: the durable staging insert on the request path and their
registration in the background (decision 0009).

``public_submission_store`` is all a public submission costs the request: the checks
(form token, text lengths, attachment size and type), then one short transaction that
inserts one ``PublicSubmission`` row — the whole submission encrypted, the receipt's
slow hash, the form token's digest (unique: single use) and the arrival time —, the
registration task's row and one audit event for the arrival. The task then registers it
(``public_submission_register``: number, deadline from the arrival, triage, places,
receipt, audit through ``tip_register``); a sweeper (``public_submissions_register_waiting``)
picks up any row left waiting, e.g. while the worker was down. Registering twice
registers once.

Nothing here receives the request: no IP address, User-Agent or forwarding header."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lachan.audit.services import audit_record
from lachan.geo.models import AdminUnit, Level
from lachan.tips import services as tip_services
from lachan.tips.cleaning import (
    MAX_CONTENT_LENGTH,
    MAX_NOTE_LENGTH,
    AttachmentInput,
    CleanAttachment,
    Errors,
    PlaceInput,
    ReporterInput,
    add,
    clean_attachments,
    clean_text,
    fail,
)
from lachan.tips.models import PublicSubmission, Tip, TipChannel, TipKind, TipReceipt
from lachan.tips.public import conf, receipts
from lachan.tips.public.tokens import token_check, token_used

logger = logging.getLogger(__name__)

PAYLOAD_VERSION = 1


@dataclass(frozen=True)
class StagedTip:
    """What the request path checked and will store: the officers' text, the reporter's
    contact wish, the chosen province and the attachments (type read from the bytes)."""

    content: str
    contact: str
    province_id: int | None
    urgent: bool
    attachments: Sequence[CleanAttachment]


def stage_check(
    *, content: str, contact: str, province: AdminUnit | None, urgent: bool, files: Sequence[Any]
) -> StagedTip:
    """The same rules ``tip_register`` applies, checked before anything is stored, so a
    stored submission always registers. Raises ValidationFailed with field errors."""
    errors: Errors = {}
    text = clean_text(
        "content",
        content,
        errors,
        max_length=MAX_CONTENT_LENGTH,
        required=True,
        missing=_("Write what was reported."),
    )
    note = clean_text("reporter.contact_note", contact, errors, max_length=MAX_NOTE_LENGTH)
    cleaned = clean_attachments(files, errors)
    if province is not None and province.level != Level.PROVINCE:
        add(errors, "places", _("Choose a province from the list."))
    fail(errors)
    return StagedTip(
        content=text,
        contact=note,
        province_id=province.pk if province is not None else None,
        urgent=urgent,
        attachments=cleaned,
    )


def _payload(staged: StagedTip) -> str:
    return json.dumps(
        {
            "v": PAYLOAD_VERSION,
            "content": staged.content,
            "contact": staged.contact,
            "province": staged.province_id,
            "urgent": staged.urgent,
            "attachments": [
                {"filename": f.filename, "data": base64.b64encode(f.data).decode("ascii")}
                for f in staged.attachments
            ],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def public_submission_store(
    *, token: str, staged: StagedTip, prepared: receipts.PreparedReceipt
) -> PublicSubmission:
    """Store the submission, its registration task and its arrival event in one
    transaction (the task after commit when the task backend is not this database).
    Raises ValidationFailed for a used or bad token (then nothing is stored and the
    token stays usable if it was not used)."""
    from lachan.tips.tasks import register_public_submission

    digest = token_check(token)
    row = PublicSubmission(
        arrived_at=timezone.now(),
        token_digest=digest,
        lookup=receipts.lookup_of(prepared.code),
        salt=prepared.salt,
        digest=prepared.digest,
        payload=_payload(staged),
    )
    try:
        with transaction.atomic():
            row.save(force_insert=True)
            if _tasks_in_this_database():
                # The task row commits or rolls back with the submission: one commit
                # (one WAL flush) instead of two, and no window where a stored
                # submission has no task.
                register_public_submission.enqueue(str(row.pk))
            else:  # e.g. RQ: the worker must not see the task before the row exists
                transaction.on_commit(lambda: _enqueue(row.pk))
            if conf.arrival_audit_on_request():
                # Last: the audit chain's head row stays locked from here to the
                # commit, and every audited transaction in the system waits for it.
                _audit_arrival(row, attachments=len(staged.attachments))
    except IntegrityError:
        raise token_used() from None  # the digest is unique: the token was used
    return row


def _audit_arrival(row: PublicSubmission, *, attachments: int, late: bool = False) -> None:
    # No content, no place, no request data: that a tip arrived, with files or not.
    changes: dict[str, Any] = {"attachments": attachments}
    if late:  # recorded by the registration: say when it arrived
        changes["arrived_at"] = row.arrived_at.isoformat()
    audit_record(actor=None, action="tip.public_submit", target=row, changes=changes)


def _tasks_in_this_database() -> bool:
    """True when the task queue is django-tasks' database backend on the default
    database (the embedded default and this deployment's): enqueueing is then an
    insert in the submission's own transaction."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def _enqueue(submission_id: Any) -> None:
    """Hand the registration to the worker after commit. The submission is already
    stored: a failure here must not turn into an error for the reporter — the sweeper
    registers it."""
    from lachan.tips.tasks import register_public_submission

    try:
        register_public_submission.enqueue(str(submission_id))
    except Exception as exc:  # the sweeper catches up; log the class only
        logger.warning("Public submission registration not queued: %s", type(exc).__name__)


# -- registration ----------------------------------------
def _decode(payload: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(payload)
    if data.get("v") != PAYLOAD_VERSION:
        raise ValueError("unknown public submission payload version")
    return data


def _lock_waiting(submission_id: Any, *, skip_locked: bool) -> PublicSubmission | None:
    rows = PublicSubmission.objects.filter(pk=submission_id, registered_at__isnull=True)
    return rows.select_for_update(skip_locked=skip_locked).first()


def public_submission_register(*, submission_id: Any, skip_locked: bool = False) -> Tip | None:
    """Register a stored public submission as a tip; None when it is already registered
    (or, with ``skip_locked``, being registered by someone else). One transaction: the
    tip (through ``tip_register``, received at the arrival time), the reporter's receipt
    moved onto the tip, the submission marked registered and its payload dropped."""
    from lachan.tips.public import services as public_services

    with transaction.atomic():
        row = _lock_waiting(submission_id, skip_locked=skip_locked)
        if row is None:
            return None
        data = _decode(row.payload)
        if not conf.arrival_audit_on_request():
            _audit_arrival(row, attachments=len(data["attachments"]), late=True)
        province = AdminUnit.objects.get(pk=data["province"]) if data["province"] else None
        contact = data["contact"]
        tip = tip_services.tip_register(
            actor=None,
            kind=TipKind.DENUNCIATION,
            channel=TipChannel.WEB_FORM,
            content=data["content"],
            receiving_agency=public_services.public_intake_agency(province),
            reporter=ReporterInput(anonymous=True, may_contact=bool(contact), contact_note=contact),
            places=[PlaceInput(admin_unit=province)] if province else (),
            attachments=[
                AttachmentInput(a["filename"], base64.b64decode(a["data"]))
                for a in data["attachments"]
            ],
            urgent=data["urgent"],
            arrived_at=row.arrived_at,
        )
        receipt = TipReceipt.objects.create(
            tip=tip, lookup=row.lookup, salt=row.salt, digest=row.digest
        )
        audit_record(
            actor=None,
            action="tip.receipt_issue",
            target=tip,
            changes={"receipt": str(receipt.pk), "must_replace": False, "staged": True},
            agency=tip.receiving_agency,
        )
        row.tip, row.registered_at, row.payload = tip, timezone.now(), ""
        row.save(update_fields=["tip", "registered_at", "payload"])
    return tip


def public_submissions_register_waiting(*, limit: int = 1000, older_than_s: float = 0) -> int:
    """Register what waits (oldest first), skipping rows another worker is registering.
    Returns how many were registered. A row that fails stays waiting (logged by class)."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_s)
    ids = list(
        PublicSubmission.objects.filter(registered_at__isnull=True, arrived_at__lte=cutoff)
        .order_by("arrived_at")
        .values_list("pk", flat=True)[:limit]
    )
    done = 0
    for submission_id in ids:
        try:
            tip = public_submission_register(submission_id=submission_id, skip_locked=True)
            done += tip is not None
        except Exception as exc:
            logger.warning("Public submission not registered: %s", type(exc).__name__)
    return done


def waiting_count() -> int:
    """Public submissions stored but not yet in a register (the staff's small counter)."""
    return PublicSubmission.objects.filter(registered_at__isnull=True).count()
