"""Wrong-receipt throttling without tracking.

Keys are keyed hashes (``blind_index``) of a random per-browser cookie token or of a
receipt's lookup prefix — never of an IP address. ``receipt_max_failures`` failures
within the lock length lock the key for ``receipt_lock_seconds``."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lachan.core.crypto import blind_index
from lachan.tips.models import PublicThrottle
from lachan.tips.public import conf


def client_key(cookie_token: str) -> str:
    return blind_index(cookie_token, purpose="public-tip-client")


def prefix_key(lookup: str) -> str:
    return blind_index(lookup, purpose="public-tip-prefix")


def is_locked(*keys: str) -> bool:
    now = timezone.now()
    return PublicThrottle.objects.filter(key__in=keys, locked_until__gt=now).exists()


def record_failure(key: str) -> None:
    now = timezone.now()
    window = timedelta(seconds=conf.receipt_lock_seconds())
    with transaction.atomic():
        row, _created = PublicThrottle.objects.select_for_update().get_or_create(
            key=key, defaults={"window_start": now}
        )
        if row.locked_until is not None and row.locked_until > now:
            return  # already locked: the lock is not extended
        if row.locked_until is not None or row.window_start < now - window:
            row.failures, row.locked_until, row.window_start = 0, None, now
        row.failures += 1
        if row.failures >= conf.receipt_max_failures():
            row.failures, row.locked_until = 0, now + window
        row.save()
