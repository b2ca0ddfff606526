"""Settings of the public intake, each overridable in Django settings."""

from __future__ import annotations

from django.conf import settings

DEFAULT_MIN_FILL_SECONDS = 3
DEFAULT_TOKEN_MAX_AGE_SECONDS = 6 * 3600
DEFAULT_RECEIPT_MAX_FAILURES = 5
DEFAULT_RECEIPT_LOCK_SECONDS = 15 * 60
# scrypt cost: 2**14 × r=8 ≈ 16 MiB and tens of milliseconds per guess.
DEFAULT_SCRYPT_N = 2**14


def min_fill_seconds() -> float:
    """A form sent sooner than this after its token was issued is taken for a robot."""
    return float(getattr(settings, "LACHAN_PUBLIC_MIN_FILL_SECONDS", DEFAULT_MIN_FILL_SECONDS))


def token_max_age_seconds() -> int:
    return int(
        getattr(settings, "LACHAN_PUBLIC_TOKEN_MAX_AGE_SECONDS", DEFAULT_TOKEN_MAX_AGE_SECONDS)
    )


def receipt_max_failures() -> int:
    return int(
        getattr(settings, "LACHAN_PUBLIC_RECEIPT_MAX_FAILURES", DEFAULT_RECEIPT_MAX_FAILURES)
    )


def receipt_lock_seconds() -> int:
    return int(
        getattr(settings, "LACHAN_PUBLIC_RECEIPT_LOCK_SECONDS", DEFAULT_RECEIPT_LOCK_SECONDS)
    )


def scrypt_n() -> int:
    return int(getattr(settings, "LACHAN_PUBLIC_RECEIPT_SCRYPT_N", DEFAULT_SCRYPT_N))


def intake_agency_id() -> str:
    """``LACHAN_PUBLIC_INTAKE_AGENCY``: the id of the agency whose register receives every
    public tip. Empty (the default): the provincial police of the province the reporter
    chose, else the first active provincial police (``agency.public_intake_agency``)."""
    return str(getattr(settings, "LACHAN_PUBLIC_INTAKE_AGENCY", "") or "")
