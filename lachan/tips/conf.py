"""Settings of the tips register, each overridable in Django settings (environment);
the defaults here are the legal or sensible values."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

# "{seq}", "{year}" and "{agency_code}" are replaced; seq is the running number of the
# agency's register in that year.
DEFAULT_NUMBER_FORMAT = "{seq:04d}/{year}/{agency_code}"
DEFAULT_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_ATTACHMENT_MAX_COUNT = 10
# What a reporter may reasonably send: photos, scanned letters, voice notes, text.
DEFAULT_ATTACHMENT_TYPES = (
    "image/jpeg",
    "image/png",
    "image/webp",
    "application/pdf",
    "text/plain",
    "audio/mpeg",
    "audio/mp4",
)


def number_format() -> str:
    return str(getattr(settings, "LACHAN_TIP_NUMBER_FORMAT", DEFAULT_NUMBER_FORMAT))


def attachment_max_bytes() -> int:
    return int(getattr(settings, "LACHAN_TIP_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES))


def attachment_max_count() -> int:
    return int(getattr(settings, "LACHAN_TIP_ATTACHMENT_MAX_COUNT", DEFAULT_ATTACHMENT_MAX_COUNT))


def attachment_types() -> frozenset[str]:
    return frozenset(getattr(settings, "LACHAN_TIP_ATTACHMENT_TYPES", DEFAULT_ATTACHMENT_TYPES))


def public_holidays() -> frozenset[dt.date]:
    """Days off besides weekends (Tết and the other public holidays, set per year as
    ISO dates): a deadline in days or months that ends on one moves to the next
    working day (CPC Art 134)."""
    values = getattr(settings, "LACHAN_PUBLIC_HOLIDAYS", ())
    return frozenset(dt.date.fromisoformat(str(v)) for v in values)
