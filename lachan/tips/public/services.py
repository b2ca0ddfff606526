"""Writes and checks of the public intake: submit a tip, issue and check receipts,
send a message as the reporter.

Nothing here receives the request: no IP address, User-Agent or forwarding header can
reach the database, the logs or the audit trail from these functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lachan.accounts.models import Agency, AgencyType, User
from lachan.audit.services import audit_record
from lachan.core.errors import DomainError, ValidationFailed
from lachan.geo.models import AdminUnit
from lachan.tips import services as tip_services
from lachan.tips.cleaning import AttachmentInput
from lachan.tips.models import (
    IntakeToken,
    MessageDirection,
    PublicSubmission,
    PublicThrottle,
    Tip,
    TipReceipt,
    TipStatus,
)
from lachan.tips.public import conf, receipts, staging, throttle

DANGER_CHOICES = ("yes", "no", "unknown")


class Throttled(DomainError):
    code = "throttled"
    http_status = 429


@dataclass(frozen=True)
class PublicTipInput:
    what: str
    where: str = ""
    province: AdminUnit | None = None
    when: str = ""
    who: str = ""
    danger: str = "unknown"
    contact: str = ""  # how we may contact the reporter; empty: do not contact
    attachments: Sequence[AttachmentInput] = field(default_factory=tuple)


def public_intake_agency(province: AdminUnit | None) -> Agency:
    """``LACHAN_PUBLIC_INTAKE_AGENCY`` if set; else the provincial police of the chosen
    province; else the first active provincial police (by name)."""
    active = Agency.objects.filter(is_active=True)
    configured = conf.intake_agency_id()
    if configured:
        agency = active.filter(pk=configured).first()
        if agency is not None:
            return agency
    police = active.filter(agency_type=AgencyType.PROVINCIAL_POLICE)
    if province is not None:
        agency = police.filter(admin_unit=province).order_by("name").first()
        if agency is not None:
            return agency
    agency = police.order_by("name").first()
    if agency is None:
        raise ValidationFailed(gettext_lazy("Tips cannot be received right now. Please call 113."))
    return agency


def _danger_words(danger: str) -> str:
    # Translate only the word needed (runs on every public submission).
    return _("Yes") if danger == "yes" else _("No") if danger == "no" else _("Unknown")


def _content(data: PublicTipInput) -> str:
    """One text for the officers, in labelled parts."""
    parts = [
        (_("What happened"), data.what),
        (_("Where"), data.where),
        (_("When"), data.when),
        (_("Who is involved"), data.who),
        (_("Is someone in danger now"), _danger_words(data.danger)),
    ]
    return "\n\n".join(f"{label}: {text.strip()}" for label, text in parts if text.strip())


def _validate(data: PublicTipInput) -> None:
    errors: dict[str, list[str]] = {}
    if not data.what.strip():
        errors["what"] = [_("Tell us what happened.")]
    if data.danger not in DANGER_CHOICES:
        errors["danger"] = [_("Choose yes, no or don't know.")]
    if errors:
        raise ValidationFailed(gettext_lazy("Please correct the errors below."), fields=errors)


PreparedReceipt = receipts.PreparedReceipt


def receipt_prepare() -> PreparedReceipt:
    return receipts.prepare()


def receipt_issue(
    *,
    tip: Tip,
    issued_by: User | None = None,
    must_replace: bool = False,
    prepared: PreparedReceipt | None = None,
) -> str:
    """A new receipt for ``tip``; returns the code, which is stored nowhere. Runs inside
    the caller's transaction, so the receipt exists exactly when the tip does."""
    prepared = prepared or receipt_prepare()
    code = prepared.code
    with transaction.atomic(savepoint=False):  # nested: fails with the caller's transaction
        receipt = TipReceipt.objects.create(
            tip=tip,
            lookup=receipts.lookup_of(code),
            salt=prepared.salt,
            digest=prepared.digest,
            issued_by=issued_by,
            must_replace=must_replace,
        )
        audit_record(
            actor=issued_by,
            action="tip.receipt_issue",
            target=tip,
            changes={"receipt": str(receipt.pk), "must_replace": must_replace},
            agency=tip.receiving_agency,
        )
    return code


def public_tip_submit(*, token: str, data: PublicTipInput) -> tuple[PublicSubmission, str]:
    """Store an anonymous public tip and issue its receipt; the tip is registered right
    after by the background task (decision 0009). Returns only after the staging row
    has committed: a receipt shown to the reporter always points to a stored
    submission, and from its registration on to the tip."""
    _validate(data)
    staged = staging.stage_check(
        content=_content(data),
        contact=data.contact.strip(),
        province=data.province,
        urgent=data.danger == "yes",
        files=data.attachments,
    )
    prepared = receipt_prepare()
    row = staging.public_submission_store(token=token, staged=staged, prepared=prepared)
    return row, prepared.code


def tip_register_with_receipt(*, actor: User, **kwargs: Any) -> tuple[Tip, str]:
    """Staff entry (e.g. a hotline call) that gives the caller a receipt code: the tip
    and the receipt commit together. The receipt records the operator and must be
    replaced on its first use, so the operator's copy stops working."""
    prepared = receipt_prepare()
    with transaction.atomic():
        tip = tip_services.tip_register(actor=actor, **kwargs)
        code = receipt_issue(tip=tip, issued_by=actor, must_replace=True, prepared=prepared)
    return tip, code


# -- follow-up ----------------------------------------
@dataclass(frozen=True)
class FollowUp:
    tip: Tip | None  # None while the submission waits for registration
    receipt: str  # the code to use from now on (new if the old one had to be replaced)
    replaced: bool
    submission: PublicSubmission | None = None

    @property
    def registered(self) -> bool:
        return self.tip is not None


def _throttled() -> Throttled:
    return Throttled(
        gettext_lazy("Too many wrong receipt codes. Please wait 15 minutes and try again.")
    )


def _wrong() -> ValidationFailed:
    message = _("This receipt code is not valid. Check it and try again.")
    return ValidationFailed(message, code="wrong_receipt", fields={"receipt": [message]})


def _find(code: str) -> TipReceipt | PublicSubmission | None:
    """The tip's receipt, else the waiting submission the code belongs to. A submission
    registered between the two reads is followed to its tip's receipt."""
    lookup = receipts.lookup_of(code)
    candidates = TipReceipt.objects.filter(lookup=lookup, revoked_at__isnull=True).select_related(
        "tip", "tip__receiving_agency"
    )
    found: TipReceipt | PublicSubmission | None = None
    for receipt in candidates:
        if receipts.matches(code, receipt.salt, receipt.digest):
            found = receipt
    if found is not None:
        return found
    staged = list(PublicSubmission.objects.filter(lookup=lookup).defer("payload"))
    for row in staged:
        if receipts.matches(code, row.salt, row.digest):
            found = row
    if isinstance(found, PublicSubmission) and found.tip_id is not None:
        return (
            TipReceipt.objects.filter(tip_id=found.tip_id, digest=found.digest)
            .select_related("tip", "tip__receiving_agency")
            .first()
        )
    if not candidates and not staged:
        receipts.burn_time(code)
    return found


def _fail(keys: Sequence[str]) -> Throttled | ValidationFailed:
    with transaction.atomic():
        for key in keys:
            throttle.record_failure(key)
        # No code, no prefix, no client key: only that a check failed.
        audit_record(actor=None, action="tip.public_status_failed", object_type="tips.tip")
    return _wrong()


def public_follow_up(*, receipt: str, client: str) -> FollowUp:
    """Check a receipt typed by the reporter. ``client`` is the per-browser cookie token.
    A receipt issued to a hotline operator is replaced on its first use. A receipt of a
    submission still waiting for registration answers with ``tip`` None."""
    keys = [throttle.client_key(client)]
    code = receipts.normalise(receipt)
    if code is not None:
        keys.append(throttle.prefix_key(receipts.lookup_of(code)))
    if throttle.is_locked(*keys):
        raise _throttled()
    found = _find(code) if code is not None else None
    if found is None:
        raise _fail(keys)
    assert code is not None
    if isinstance(found, PublicSubmission):
        audit_record(
            actor=None,
            action="tip.public_status",
            target=found,
            changes={"replaced": False, "registered": False},
        )
        return FollowUp(tip=None, receipt=code, replaced=False, submission=found)
    with transaction.atomic():
        tip = found.tip
        replaced = False
        if found.must_replace:
            updated = TipReceipt.objects.filter(pk=found.pk, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
            if not updated:  # replaced meanwhile by a concurrent request
                raise _wrong()
            code = receipt_issue(tip=tip)
            replaced = True
        audit_record(
            actor=None,
            action="tip.public_status",
            target=tip,
            changes={"replaced": replaced},
            agency=tip.receiving_agency,
        )
    return FollowUp(tip=tip, receipt=code, replaced=replaced)


class NotYetRegistered(DomainError):
    code = "not_registered_yet"
    http_status = 409


def public_message(*, receipt: str, client: str, body: str) -> FollowUp:
    """A message from the reporter to the officers, after checking the receipt. While
    the submission waits for registration (seconds, normally) messages cannot be
    attached to a tip yet: the reporter is told to send it again in a few minutes."""
    follow = public_follow_up(receipt=receipt, client=client)
    if follow.tip is None:
        raise NotYetRegistered(MESSAGE_LATER)
    tip_services.tip_message_from_reporter(tip=follow.tip, body=body)
    return follow


# -- what the reporter sees ----------------------------------------
WAITING_WORDS = gettext_lazy("Received, being entered in the register.")
MESSAGE_LATER = gettext_lazy(
    "Your report is being entered in the register. You can send messages to the officers "
    "in a few minutes: open this page again with your receipt code."
)
STATUS_WORDS = {
    TipStatus.RECEIVED: gettext_lazy("Received: your report is waiting to be reviewed."),
    TipStatus.CLASSIFIED: gettext_lazy("Being reviewed: an officer is looking at your report."),
    TipStatus.VERIFYING: gettext_lazy("Being verified: officers are checking the information."),
    TipStatus.SUSPENDED: gettext_lazy("Verification paused for now; it will resume."),
    TipStatus.TRANSFERRED: gettext_lazy("Transferred to the agency responsible for it."),
    TipStatus.DECIDED: gettext_lazy("Decided: the verification is finished."),
}


def status_words(tip: Tip | None) -> str:
    if tip is None:
        return str(WAITING_WORDS)
    return str(STATUS_WORDS.get(TipStatus(tip.status), tip.get_status_display()))


def status_code(tip: Tip | None) -> str:
    """The status the reporter's API sees: a waiting submission is "received"."""
    return TipStatus.RECEIVED if tip is None else tip.status


@dataclass(frozen=True)
class PublicMessage:
    from_reporter: bool
    body: str
    at: dt.datetime


def public_messages(tip: Tip | None) -> list[PublicMessage]:
    if tip is None:
        return []
    return [
        PublicMessage(
            from_reporter=m.direction == MessageDirection.FROM_REPORTER,
            body=m.body,
            at=m.created_at,
        )
        for m in tip.messages.order_by("created_at")
    ]


# -- housekeeping ----------------------------------------
@dataclass(frozen=True)
class CleanupResult:
    tokens: int  # used form tokens past the maximum age, deleted
    throttles: int  # throttle rows with no running window or lock, deleted
    submissions: int = 0  # registered (emptied) staging rows past the token age, deleted


def public_intake_cleanup(*, now: dt.datetime | None = None) -> CleanupResult:
    """Delete what the public intake no longer needs: used form tokens older than the
    maximum token age (the age check refuses them before their row is looked at, so
    deleting the row cannot make a token usable again) and wrong-receipt throttle rows
    whose window and lock are both over (``throttle.record_failure`` would start them
    afresh anyway), and registered public submissions (their payload is already gone;
    the row only kept the token digest, useless past the token age). Idempotent; one
    audit event with the counts when anything went."""
    now = now or timezone.now()
    token_cutoff = now - dt.timedelta(seconds=conf.token_max_age_seconds())
    window_cutoff = now - dt.timedelta(seconds=conf.receipt_lock_seconds())
    with transaction.atomic():
        tokens, _ = IntakeToken.objects.filter(issued_at__lt=token_cutoff).delete()
        throttles, _ = (
            PublicThrottle.objects.filter(window_start__lt=window_cutoff)
            .exclude(locked_until__gt=now)
            .delete()
        )
        submissions, _ = PublicSubmission.objects.filter(
            registered_at__isnull=False, arrived_at__lt=token_cutoff
        ).delete()
        if tokens or throttles or submissions:
            changes = {"tokens": tokens, "throttles": throttles}
            if submissions:
                changes["submissions"] = submissions
            audit_record(
                actor=None,
                action="tip.public_cleanup",
                object_type="tips.intaketoken",
                changes=changes,
            )
    return CleanupResult(tokens=tokens, throttles=throttles, submissions=submissions)
