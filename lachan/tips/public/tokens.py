"""Single-use form tokens for the public intake (anti-spam without tracking).

The form (or the API client) first gets a token: 128 random bits and the time of issue,
signed by the server (``django.core.signing``, HMAC-SHA-256 keyed by ``SECRET_KEY``).
Issuing writes nothing, so fetching a form costs no database write and a flood of form
fetches fills no table (decision 0009). A submission must bring a token with a valid
signature, not older than ``token_max_age_seconds`` and not younger than
``min_fill_seconds`` (people take time to write; robots do not). Using a token stores
its SHA-256 in the submission's staging row (``PublicSubmission.token_digest``, unique)
in the same transaction: a failed submission leaves it usable, a committed one burns it,
and two concurrent submissions of one token cannot both commit (the second waits on the
unique index, then fails). Rows older than the maximum age are useless (the age check
refuses such tokens first) and are deleted by ``tasks.public_intake_cleanup``."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lachan.core.errors import ValidationFailed
from lachan.tips.models import IntakeToken
from lachan.tips.public import conf

_SIGNER_SALT = "lachan.tips.public.form-token"


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SIGNER_SALT)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(now: dt.datetime | None = None) -> tuple[str, dt.datetime]:
    """A new token and the earliest time it may be used. Writes nothing."""
    now = now or timezone.now()
    value = f"{secrets.token_urlsafe(16)}.{int(now.timestamp() * 1000)}"
    token = _signer().sign(value)
    return token, now + dt.timedelta(seconds=conf.min_fill_seconds())


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, code="form_token", fields={"token": [message]})


def _gone() -> ValidationFailed:
    return _refuse(_("This form has already been sent or has expired. Please send it again."))


def _issued_at(token: str) -> dt.datetime | None:
    try:
        value = _signer().unsign(token or "")
        millis = int(value.rsplit(".", 1)[1])
    except (signing.BadSignature, IndexError, ValueError):
        return None
    return dt.datetime.fromtimestamp(millis / 1000, tz=dt.UTC)


def token_check(token: str) -> str:
    """The token's digest if it may be used now (signature, maximum age, minimum fill
    time); raises ValidationFailed otherwise. Single use is the caller's unique insert of
    the digest (``PublicSubmission.token_digest``) in the submission's transaction."""
    now = timezone.now()
    issued = _issued_at(token)
    if issued is None:
        raise _gone()
    age = (now - issued).total_seconds()
    if age > conf.token_max_age_seconds():
        raise _gone()
    if age < conf.min_fill_seconds():
        raise _refuse(_("The form was sent too quickly. Please check it and send it again."))
    return _digest(token)


def token_used() -> ValidationFailed:
    """The error for a token whose digest is already stored."""
    return _gone()


def token_use(token: str) -> None:
    """Burn the token in ``IntakeToken``; raises ValidationFailed if it cannot be used.
    (The public intake now burns it in its staging row; kept for callers that register
    directly.)"""
    digest = token_check(token)
    issued = _issued_at(token)
    assert issued is not None  # token_check refused a token without one
    try:
        with transaction.atomic():
            IntakeToken.objects.create(digest=digest, issued_at=issued, used_at=timezone.now())
    except IntegrityError:
        raise _gone() from None
