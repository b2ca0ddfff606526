"""Public submissions: the durable staging insert on the request path and their
registration in the background (decision 0009).

``public_submission_store`` is all a public submission costs the request: the checks
(form token, text lengths, attachment size and type), then one short transaction that
inserts one ``PublicSubmission`` row — the whole submission encrypted, the receipt's
slow hash, the form token's digest (unique: single use) and the arrival time — and, at
most once a second per process, a deferred registration task. That task drains every
waiting submission (``public_submissions_register_waiting``: number, deadline from the
arrival, triage, places, receipt, audit through ``tip_register`` — ``tip.register``
carries the arrival time); the sweeper (``manage.py tips_cleanup``, every 5 minutes)
runs the same drain for anything left behind. Registering twice registers once.

Nothing here receives the request: no IP address, User-Agent or forwarding header."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lachan.accounts.models import Agency
from lachan.audit.services import audit_record
from lachan.geo import selectors as geo
from lachan.geo.models import AdminUnit, Era, Level
from lachan.tips import services as tip_services
from lachan.tips.cleaning import (
    MAX_NOTE_LENGTH,
    AttachmentInput,
    CleanAttachment,
    Errors,
    PlaceInput,
    ReporterInput,
    add,
    clean_attachments,
    clean_content,
    clean_text,
    fail,
)
from lachan.tips.models import PublicSubmission, Tip, TipChannel, TipKind, TipReceipt
from lachan.tips.public import receipts
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
    text = clean_content(content, errors)
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
    """Store the submission in one transaction (with, at most once a second per
    process, the registration task). Raises ValidationFailed for a used or bad token
    (then nothing is stored and the token stays usable if it was not used). No audit
    event: the staging row is an inbox entry, not a register record — the audited state
    change is the registration (``tip.register`` with the arrival time), decision 0009."""
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
            _schedule_registration(row.pk)
    except IntegrityError:
        raise token_used() from None  # the digest is unique: the token was used
    return row


# -- scheduling the registration ----------------------------------------
# One registration task per process per ENQUEUE_EVERY_S, run COMMIT_GRACE_S after that
# second is over: it drains every waiting submission, so the submissions this process
# stores meanwhile (which skip the enqueue) have committed before it runs. A submission
# still missed (commit slower than the grace, task lost) waits for the sweeper.
ENQUEUE_EVERY_S = 1.0
COMMIT_GRACE_S = 0.25
_pending_until = 0.0  # monotonic time until which this process's last task covers us


def _schedule_registration(submission_id: Any) -> None:
    from django_tasks import task_backends

    backend = task_backends["default"]
    if not backend.supports_defer:  # cannot delay: one task per submission, after commit
        one = _one_task()
        transaction.on_commit(lambda: _enqueue(one, str(submission_id)))
        return
    now = time.monotonic()
    if now < _pending_until:
        return  # this process's pending drain task runs after this commit
    task = _drain_task().using(
        run_after=timezone.now() + dt.timedelta(seconds=ENQUEUE_EVERY_S + COMMIT_GRACE_S)
    )
    if _is_database_backend(backend):
        # The task row commits or rolls back with the submission: one commit.
        task.enqueue()
    else:  # e.g. RQ: not transactional; a task for a rolled-back row would be harmless
        transaction.on_commit(lambda: _enqueue(task))
    # Only a committed enqueue covers the next submissions of this process.
    transaction.on_commit(lambda: _covered_until(now + ENQUEUE_EVERY_S))


def _covered_until(moment: float) -> None:
    global _pending_until
    _pending_until = max(_pending_until, moment)


def reset_schedule() -> None:
    """Forget this process's pending task (tests; a forked worker starts afresh)."""
    global _pending_until
    _pending_until = 0.0


def _is_database_backend(backend: Any) -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(backend, DatabaseBackend)


def _drain_task() -> Any:
    from lachan.tips.tasks import register_waiting_submissions

    return register_waiting_submissions


def _one_task() -> Any:
    from lachan.tips.tasks import register_public_submission

    return register_public_submission


def _enqueue(task: Any, *args: str) -> None:
    """Hand the registration to the worker after commit. The submission is already
    stored: a failure here must not turn into an error for the reporter — the sweeper
    registers it."""
    try:
        task.enqueue(*args)
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
    (or, with ``skip_locked``, being registered by someone else). One transaction."""
    with transaction.atomic():
        row = _lock_waiting(submission_id, skip_locked=skip_locked)
        return None if row is None else _register_locked(row)


def _province(pk: int | None) -> AdminUnit | None:
    """The chosen province, from the cached province list (no query per tip)."""
    if not pk:
        return None
    found = next((p for p in geo.province_list(era=Era.CURRENT) if p.pk == pk), None)
    return found if found is not None else AdminUnit.objects.get(pk=pk)


def _register_locked(row: PublicSubmission, agencies: dict[Any, Agency] | None = None) -> Tip:
    """The tip (through ``tip_register``, received at the arrival time; its
    ``tip.register`` event carries the arrival), the reporter's receipt moved onto the
    tip, the submission marked registered and its payload dropped. The caller holds the
    row's lock inside a transaction."""
    from lachan.tips.public import services as public_services

    data = _decode(row.payload)
    province = _province(data["province"])
    # ``agencies``: the drain's memo, province → receiving agency (one look-up per
    # province per drain, not per tip).
    key = province.pk if province is not None else None
    agency = agencies.get(key) if agencies is not None else None
    if agency is None:
        agency = public_services.public_intake_agency(province)
        if agencies is not None:
            agencies[key] = agency
    contact = data["contact"]
    tip = tip_services.tip_register(
        actor=None,
        kind=TipKind.DENUNCIATION,
        channel=TipChannel.WEB_FORM,
        content=data["content"],
        receiving_agency=agency,
        reporter=ReporterInput(anonymous=True, may_contact=bool(contact), contact_note=contact),
        places=[PlaceInput(admin_unit=province)] if province else (),
        attachments=[
            AttachmentInput(a["filename"], base64.b64decode(a["data"])) for a in data["attachments"]
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


# Rows registered per transaction by the drain: fewer commits for the worker, while the
# audit chain's head and the register counters stay locked only a batch's time
# (≈ 20 × 4 ms).
DRAIN_BATCH = 20


def public_submissions_register_waiting(
    *, limit: int | None = None, older_than_s: float = 0
) -> int:
    """Register every submission that waits (oldest first), in batches, until none is
    left (or ``limit`` were registered): the registration task and the sweeper. Rows
    another worker has locked are skipped on PostgreSQL (``skip_locked``; SQLite
    serialises writers anyway). A row that fails is rolled back to its savepoint, stays
    waiting (logged by class) and is not retried by this run. Returns how many were
    registered."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_s)
    skip = connection.features.has_select_for_update_skip_locked
    failed: set[Any] = set()
    agencies: dict[Any, Agency] = {}
    done = 0
    while limit is None or done < limit:
        size = DRAIN_BATCH if limit is None else min(DRAIN_BATCH, limit - done)
        with transaction.atomic():
            batch = list(
                PublicSubmission.objects.filter(registered_at__isnull=True, arrived_at__lte=cutoff)
                .exclude(pk__in=failed)
                .order_by("arrived_at")
                .select_for_update(skip_locked=skip)[:size]
            )
            for row in batch:
                try:
                    with transaction.atomic():  # a savepoint: one bad row spoils no other
                        _register_locked(row, agencies)
                    done += 1
                except Exception as exc:
                    failed.add(row.pk)
                    logger.warning("Public submission not registered: %s", type(exc).__name__)
        if len(batch) < size:
            break
    return done


def registration_should_yield(*, now: dt.datetime | None = None) -> bool:
    """Whether the drain should give way to the intake for now: submissions are still
    arriving (the newest waiting one is under a second old) and the oldest has waited
    less than the configured maximum. One index-backed aggregate."""
    from django.db.models import Max, Min

    from lachan.tips.public.conf import REGISTRATION_QUIET_SECONDS, registration_max_yield_seconds

    limit = registration_max_yield_seconds()
    if limit <= 0:
        return False
    now = now or timezone.now()
    span = PublicSubmission.objects.filter(registered_at__isnull=True).aggregate(
        oldest=Min("arrived_at"), newest=Max("arrived_at")
    )
    if span["newest"] is None:
        return False
    arriving = now - span["newest"] < dt.timedelta(seconds=REGISTRATION_QUIET_SECONDS)
    return arriving and now - span["oldest"] < dt.timedelta(seconds=limit)


def wait_for_quiet(*, poll_s: float = 0.25) -> float:
    """Hold the drain while the intake bursts (bounded by the maximum yield): sleeping
    in place rather than re-queueing, so a burst adds no task rows. Returns the seconds
    waited."""
    started = time.monotonic()
    while registration_should_yield():
        time.sleep(poll_s)
    return time.monotonic() - started


def waiting_count() -> int:
    """Public submissions stored but not yet in a register (the staff's small counter)."""
    return PublicSubmission.objects.filter(registered_at__isnull=True).count()
