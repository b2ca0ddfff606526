"""Time-based one-time passwords (RFC 6238): 6 digits, 30-second steps, one step of
clock drift either way (pyotp's ``valid_window=1``).

Verification returns the *time step* a code belongs to, so the caller can store it and
refuse any code of the same or an earlier step: a code seen over someone's shoulder,
or replayed from a phishing page, is useless once it has been accepted."""

from __future__ import annotations

import hmac
import time

import pyotp
import segno
from django.conf import settings

STEP_SECONDS = 30
VALID_WINDOW = 1
DIGITS = 6


def new_secret() -> str:
    """160 random bits, base32 (what authenticator apps expect)."""
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, *, username: str) -> str:
    return pyotp.TOTP(secret, interval=STEP_SECONDS, digits=DIGITS).provisioning_uri(
        name=username, issuer_name=settings.LACHAN_TOTP_ISSUER
    )


def qr_svg(uri: str, *, title: str) -> str:
    """The QR code as inline SVG: no image host, nothing for the CSP to block. A viewBox
    instead of a fixed size lets the stylesheet size it."""
    return segno.make(uri, error="m", micro=False).svg_inline(
        scale=4, border=4, omitsize=True, title=title
    )


def clean_code(code: str) -> str:
    # Apps show "123 456"; people paste with spaces or dashes.
    return "".join(ch for ch in code if not ch.isspace() and ch != "-")


def matching_step(secret: str, code: str, *, now: float | None = None) -> int | None:
    """The time step whose code equals ``code`` within the allowed drift, or None."""
    code = clean_code(code)
    if len(code) != DIGITS or not code.isascii() or not code.isdigit() or not secret:
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS, digits=DIGITS)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    found = None
    # Check every step in the window (no early exit), so timing says nothing about which.
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            found = step
    return found
