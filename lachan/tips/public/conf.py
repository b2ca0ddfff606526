"""Settings of the public intake, each overridable in Django settings."""

from __future__ import annotations

from django.conf import settings

DEFAULT_MIN_FILL_SECONDS = 3
DEFAULT_TOKEN_MAX_AGE_SECONDS = 6 * 3600
DEFAULT_RECEIPT_MAX_FAILURES = 5
DEFAULT_RECEIPT_LOCK_SECONDS = 15 * 60
# The receipt's slow hash and its parameters (decision 0009): Argon2id, 64 KiB, one
# pass, one lane — about 0.1 ms. The secret already carries 80 random bits, so the work
# factor adds nothing; the hash only has to be one-way, salted and memory-hard.
DEFAULT_RECEIPT_HASH = "argon2id$m=64,t=1,p=1"


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


def receipt_hash() -> str:
    """``LACHAN_PUBLIC_RECEIPT_HASH``: algorithm and parameters for new receipts,
    ``argon2id$m=<KiB>,t=<passes>,p=<lanes>`` or ``scrypt$n=<N>,r=<r>,p=<p>``. Stored
    with each digest, so changing it never breaks receipts already issued."""
    return str(getattr(settings, "LACHAN_PUBLIC_RECEIPT_HASH", DEFAULT_RECEIPT_HASH))


def intake_agency_id() -> str:
    """``LACHAN_PUBLIC_INTAKE_AGENCY``: the id of the agency whose register receives every
    public tip. Empty (the default): the provincial police of the province the reporter
    chose, else the first active provincial police (``agency.public_intake_agency``)."""
    return str(getattr(settings, "LACHAN_PUBLIC_INTAKE_AGENCY", "") or "")


# How long registration may give way to a burst of public submissions (decision 0009,
# fifth round): while submissions keep arriving, the drain task waits instead of taking
# the cores the intake needs, but never longer than this after the oldest one arrived.
# 0: register at once, whatever the load (the test settings; a worker on its own host).
DEFAULT_REGISTRATION_MAX_YIELD_SECONDS = 30
# A burst is "on" while the newest waiting submission is younger than this.
REGISTRATION_QUIET_SECONDS = 1.0


def registration_max_yield_seconds() -> float:
    return float(
        getattr(
            settings,
            "LACHAN_PUBLIC_REGISTRATION_MAX_YIELD_SECONDS",
            DEFAULT_REGISTRATION_MAX_YIELD_SECONDS,
        )
    )
