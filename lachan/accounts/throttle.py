"""Failed-login throttling per account.

Rows are keyed by a keyed hash of the *typed* username, so a name that does not exist
is counted and locked exactly like one that does (an attacker learns nothing from the
lock), and the table never holds typed text. ``LACHAN_LOGIN_MAX_FAILURES`` failures
within the window lock the name for ``LACHAN_LOGIN_LOCK_SECONDS``; the window is the
lock length unless ``LACHAN_LOGIN_FAILURE_WINDOW_SECONDS`` says otherwise."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lachan.accounts.models import LoginThrottle
from lachan.core.crypto import blind_index
from lachan.core.text import fold


def throttle_key(username: str) -> str:
    # Punctuation is kept: "a.b" and "a-b" are different accounts and must not share a lock.
    return blind_index(fold(username, keep_punctuation=True), purpose="login")


def _window() -> timedelta:
    seconds = getattr(
        settings, "LACHAN_LOGIN_FAILURE_WINDOW_SECONDS", settings.LACHAN_LOGIN_LOCK_SECONDS
    )
    return timedelta(seconds=seconds)


def locked_until(key: str, *, now: datetime | None = None) -> datetime | None:
    """When the lock on ``key`` ends, or None if it is not locked."""
    now = now or timezone.now()
    until = LoginThrottle.objects.filter(key=key).values_list("locked_until", flat=True).first()
    return until if until is not None and until > now else None


def record_failure(key: str) -> bool:
    """Count one failure; True if this failure locked the name. Callers run it inside
    their transaction (with the audit event); the row lock serialises racing attempts."""
    now = timezone.now()
    with transaction.atomic():
        row, _created = LoginThrottle.objects.select_for_update().get_or_create(key=key)
        lock_over = row.locked_until is not None and row.locked_until <= now
        if lock_over or (row.locked_until is None and row.updated_at < now - _window()):
            row.failures, row.locked_until = 0, None
        if row.locked_until is not None:  # already locked: the lock is not extended
            row.save(update_fields=["updated_at"])
            return False
        row.failures += 1
        locked_now = row.failures >= settings.LACHAN_LOGIN_MAX_FAILURES
        if locked_now:
            row.failures = 0
            row.locked_until = now + timedelta(seconds=settings.LACHAN_LOGIN_LOCK_SECONDS)
        row.save()
        return locked_now


def clear(key: str) -> None:
    """A complete login forgets earlier failures."""
    LoginThrottle.objects.filter(key=key).delete()
