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
from lachan.tips.cleaning import AttachmentInput, PlaceInput, ReporterInput
from lachan.tips.models import (
    IntakeToken,
    MessageDirection,
    PublicThrottle,
    Tip,
    TipChannel,
    TipKind,
    TipReceipt,
    TipStatus,
)
from lachan.tips.public import conf, receipts, throttle
from lachan.tips.public.tokens import token_use

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
    return {"yes": _("Yes"), "no": _("No")}.get(danger, _("Unknown"))


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


@dataclass(frozen=True)
class PreparedReceipt:
    """A receipt code with its slow hash already computed. Made before the registering
    transaction opens, so the hash (tens of milliseconds of CPU by design) never runs
    while the agency's register counter is locked."""

    code: str
    salt: str
    digest: str


def receipt_prepare() -> PreparedReceipt:
    code = receipts.new_code()
    salt = receipts.new_salt()
    return PreparedReceipt(code=code, salt=salt, digest=receipts.digest(code, salt))


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


def public_tip_submit(*, token: str, data: PublicTipInput) -> tuple[Tip, str]:
    """Register an anonymous public tip and issue its receipt. Returns only after the
    transaction has committed: a receipt shown to the reporter always points to a tip."""
    _validate(data)
    agency = public_intake_agency(data.province)
    contact = data.contact.strip()
    prepared = receipt_prepare()
    with transaction.atomic():
        token_use(token)
        tip = tip_services.tip_register(
            actor=None,
            kind=TipKind.DENUNCIATION,
            channel=TipChannel.WEB_FORM,
            content=_content(data),
            receiving_agency=agency,
            reporter=ReporterInput(anonymous=True, may_contact=bool(contact), contact_note=contact),
            places=[PlaceInput(admin_unit=data.province)] if data.province else (),
            attachments=data.attachments,
            urgent=data.danger == "yes",
        )
        code = receipt_issue(tip=tip, prepared=prepared)
    return tip, code


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
    tip: Tip
    receipt: str  # the code to use from now on (new if the old one had to be replaced)
    replaced: bool


def _throttled() -> Throttled:
    return Throttled(
        gettext_lazy("Too many wrong receipt codes. Please wait 15 minutes and try again.")
    )


def _wrong() -> ValidationFailed:
    message = _("This receipt code is not valid. Check it and try again.")
    return ValidationFailed(message, code="wrong_receipt", fields={"receipt": [message]})


def _find(code: str) -> TipReceipt | None:
    candidates = TipReceipt.objects.filter(
        lookup=receipts.lookup_of(code), revoked_at__isnull=True
    ).select_related("tip", "tip__receiving_agency")
    found = None
    for receipt in candidates:
        if receipts.matches(code, receipt.salt, receipt.digest):
            found = receipt
    if not candidates:
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
    A receipt issued to a hotline operator is replaced on its first use."""
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


def public_message(*, receipt: str, client: str, body: str) -> FollowUp:
    """A message from the reporter to the officers, after checking the receipt."""
    follow = public_follow_up(receipt=receipt, client=client)
    tip_services.tip_message_from_reporter(tip=follow.tip, body=body)
    return follow


# -- what the reporter sees ----------------------------------------
STATUS_WORDS = {
    TipStatus.RECEIVED: gettext_lazy("Received: your report is waiting to be reviewed."),
    TipStatus.CLASSIFIED: gettext_lazy("Being reviewed: an officer is looking at your report."),
    TipStatus.VERIFYING: gettext_lazy("Being verified: officers are checking the information."),
    TipStatus.SUSPENDED: gettext_lazy("Verification paused for now; it will resume."),
    TipStatus.TRANSFERRED: gettext_lazy("Transferred to the agency responsible for it."),
    TipStatus.DECIDED: gettext_lazy("Decided: the verification is finished."),
}


def status_words(tip: Tip) -> str:
    return str(STATUS_WORDS.get(TipStatus(tip.status), tip.get_status_display()))


@dataclass(frozen=True)
class PublicMessage:
    from_reporter: bool
    body: str
    at: dt.datetime


def public_messages(tip: Tip) -> list[PublicMessage]:
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


def public_intake_cleanup(*, now: dt.datetime | None = None) -> CleanupResult:
    """Delete what the public intake no longer needs: used form tokens older than the
    maximum token age (the age check refuses them before their row is looked at, so
    deleting the row cannot make a token usable again) and wrong-receipt throttle rows
    whose window and lock are both over (``throttle.record_failure`` would start them
    afresh anyway). Idempotent; one audit event with the counts when anything went."""
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
        if tokens or throttles:
            audit_record(
                actor=None,
                action="tip.public_cleanup",
                object_type="tips.intaketoken",
                changes={"tokens": tokens, "throttles": throttles},
            )
    return CleanupResult(tokens=tokens, throttles=throttles)
