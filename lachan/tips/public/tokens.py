"""Single-use form tokens for the public intake (anti-spam without tracking).

The form (or the API client) first gets a token; the server stores only its SHA-256
(the token has 256 random bits, so a fast hash is enough) and when it was issued. A
submission must bring an unused token, not older than ``token_max_age_seconds`` and
not younger than ``min_fill_seconds`` (people take time to write; robots do not).
Using a token marks it used in the same transaction as the tip: a failed submission
leaves it usable, a committed one burns it."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from lachan.core.errors import ValidationFailed
from lachan.tips.models import IntakeToken
from lachan.tips.public import conf


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue() -> tuple[str, dt.datetime]:
    """A new token and the earliest time it may be used."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    IntakeToken.objects.create(digest=_digest(token), issued_at=now)
    return token, now + dt.timedelta(seconds=conf.min_fill_seconds())


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, code="form_token", fields={"token": [message]})


def token_use(token: str) -> None:
    """Mark the token used; raises ValidationFailed if it cannot be. Call inside the
    transaction that registers the tip."""
    now = timezone.now()
    row = IntakeToken.objects.select_for_update().filter(digest=_digest(token or "")).first()
    if row is None or row.used_at is not None:
        raise _refuse(_("This form has already been sent or has expired. Please send it again."))
    age = (now - row.issued_at).total_seconds()
    if age > conf.token_max_age_seconds():
        raise _refuse(_("This form has already been sent or has expired. Please send it again."))
    if age < conf.min_fill_seconds():
        raise _refuse(_("The form was sent too quickly. Please check it and send it again."))
    row.used_at = now
    row.save(update_fields=["used_at"])
