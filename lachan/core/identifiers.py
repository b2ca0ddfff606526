"""Normalisation of the identifiers people are found by: phone numbers, ID documents,
social-media handles and bank accounts. The normalised value is what the blind index
hashes, so "0912 345 678", "+84 912.345.678" and "84912345678" find the same person."""

from __future__ import annotations

import re
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from lachan.core.errors import ValidationFailed
from lachan.core.text import fold


class IdentifierKind(StrEnum):
    CCCD = "cccd"
    CMND = "cmnd"
    PASSPORT = "passport"
    PHONE = "phone"
    FACEBOOK = "facebook"
    ZALO = "zalo"
    TELEGRAM = "telegram"
    BANK_ACCOUNT = "bank_account"
    EMAIL = "email"
    OTHER = "other"


IDENTIFIER_LABELS = {
    IdentifierKind.CCCD: _("Citizen ID card (CCCD, 12 digits)"),
    IdentifierKind.CMND: _("Old ID card (CMND, 9 digits)"),
    IdentifierKind.PASSPORT: _("Passport"),
    IdentifierKind.PHONE: _("Phone number"),
    IdentifierKind.FACEBOOK: _("Facebook account"),
    IdentifierKind.ZALO: _("Zalo account"),
    IdentifierKind.TELEGRAM: _("Telegram account"),
    IdentifierKind.BANK_ACCOUNT: _("Bank account"),
    IdentifierKind.EMAIL: _("Email"),
    IdentifierKind.OTHER: _("Other identifier"),
}

_DIGITS = re.compile(r"\d")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")


def _digits(value: str) -> str:
    return "".join(_DIGITS.findall(value))


def normalize_phone(value: str) -> str:
    """Vietnamese phone numbers to E.164 (+84…); other countries kept with their code.

    Accepts 0xx…, +84…, 84…, 0084…, with spaces, dots, dashes or brackets.
    """
    raw = _PHONE_SEPARATORS.sub("", value.strip())
    if not raw:
        raise ValidationFailed(_("Phone number is empty."), code="invalid_phone")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if raw.startswith("+"):
        digits = raw[1:]
        if not digits.isdigit():
            raise ValidationFailed(_("Phone number has invalid characters."), code="invalid_phone")
        if digits.startswith("84"):
            national = digits[2:].removeprefix("0")
            return _vietnamese_e164(national)
        if not 7 <= len(digits) <= 15:
            raise ValidationFailed(_("Phone number has the wrong length."), code="invalid_phone")
        return "+" + digits
    if not raw.isdigit():
        raise ValidationFailed(_("Phone number has invalid characters."), code="invalid_phone")
    if raw.startswith("84") and len(raw) in (11, 12):
        return _vietnamese_e164(raw[2:])
    if raw.startswith("0"):
        return _vietnamese_e164(raw[1:])
    if len(raw) in (9, 10):
        return _vietnamese_e164(raw)
    raise ValidationFailed(_("Phone number has the wrong length."), code="invalid_phone")


def _vietnamese_e164(national: str) -> str:
    # Mobile numbers have 9 national digits; landlines 9 or 10 (area code 2xx + number).
    if not national.isdigit() or not 9 <= len(national) <= 10:
        raise ValidationFailed(_("Phone number has the wrong length."), code="invalid_phone")
    return "+84" + national


def normalize_citizen_id(value: str) -> str:
    """CCCD: exactly 12 digits."""
    digits = _digits(value)
    if len(digits) != 12 or len(digits) != len(re.sub(r"[\s.\-]", "", value.strip())):
        raise ValidationFailed(_("A CCCD number has exactly 12 digits."), code="invalid_cccd")
    return digits


def normalize_old_id(value: str) -> str:
    """CMND: exactly 9 digits (some provinces issued 12-digit CMND later: treat as CCCD)."""
    digits = _digits(value)
    if len(digits) != 9 or len(digits) != len(re.sub(r"[\s.\-]", "", value.strip())):
        raise ValidationFailed(_("A CMND number has exactly 9 digits."), code="invalid_cmnd")
    return digits


def normalize_passport(value: str) -> str:
    cleaned = re.sub(r"[\s\-]", "", value.strip()).upper()
    if not re.fullmatch(r"[A-Z0-9]{6,12}", cleaned):
        raise ValidationFailed(
            _("A passport number has 6 to 12 letters and digits."), code="invalid_passport"
        )
    return cleaned


def normalize_handle(value: str) -> str:
    """Social-media accounts: a profile link or @handle becomes the bare, folded handle."""
    cleaned = value.strip()
    cleaned = re.sub(r"^(https?://)?(www\.|m\.)?", "", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(
        r"^(facebook\.com|fb\.com|zalo\.me|t\.me|telegram\.me)/", "", cleaned, flags=re.I
    )
    cleaned = cleaned.split("?")[0].strip("/").lstrip("@")
    if not cleaned:
        raise ValidationFailed(_("The account is empty."), code="invalid_handle")
    # Zalo handles are usually phone numbers: normalise them as such when they look so.
    if re.fullmatch(r"[\d\s.+\-]{9,16}", cleaned):
        try:
            return normalize_phone(cleaned)
        except ValidationFailed:
            pass
    return fold(cleaned, keep_punctuation=True).replace(" ", "")


def normalize_bank_account(value: str) -> str:
    digits = re.sub(r"[\s.\-]", "", value.strip())
    if not re.fullmatch(r"[0-9A-Za-z]{6,20}", digits):
        raise ValidationFailed(
            _("A bank account number has 6 to 20 digits."), code="invalid_bank_account"
        )
    return digits.upper()


def normalize_identifier(kind: IdentifierKind | str, value: str) -> str:
    kind = IdentifierKind(kind)
    if kind is IdentifierKind.PHONE:
        return normalize_phone(value)
    if kind is IdentifierKind.CCCD:
        return normalize_citizen_id(value)
    if kind is IdentifierKind.CMND:
        return normalize_old_id(value)
    if kind is IdentifierKind.PASSPORT:
        return normalize_passport(value)
    if kind in (IdentifierKind.FACEBOOK, IdentifierKind.ZALO, IdentifierKind.TELEGRAM):
        return normalize_handle(value)
    if kind is IdentifierKind.BANK_ACCOUNT:
        return normalize_bank_account(value)
    if kind is IdentifierKind.EMAIL:
        email = value.strip().lower()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise ValidationFailed(_("The email address is not valid."), code="invalid_email")
        return email
    cleaned = fold(value, keep_punctuation=True)
    if not cleaned:
        raise ValidationFailed(_("The identifier is empty."), code="invalid_identifier")
    return cleaned
