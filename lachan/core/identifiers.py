"""Normalisation of the identifiers people are found by: phone numbers, ID documents,
social-media accounts and bank accounts. The normalised value is what the blind index
hashes, so "0912 345 678", "+84 912.345.678", "84912345678" and "0084 912-345-678" find
the same person.

Index purposes (``index_purpose``): every kind hashes under its own purpose
(``id:cccd``, ``id:facebook``, …) so that equal strings of different kinds never
collide — except phone numbers. A Zalo or Telegram account given as a phone number
normalises to the same E.164 string as the phone itself and is hashed under
``id:phone``, so the phone "0987 654 321" and the Zalo "zalo.me/0987654321" of two
records match each other (that is how networks are linked).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qs, urlsplit

from django.utils.functional import Promise
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

SOCIAL_KINDS = frozenset({IdentifierKind.FACEBOOK, IdentifierKind.ZALO, IdentifierKind.TELEGRAM})
# Accounts of these services are often just the owner's phone number.
PHONE_LIKE_KINDS = frozenset({IdentifierKind.ZALO, IdentifierKind.TELEGRAM})
PHONE_PURPOSE = "id:phone"

_SEPARATORS = re.compile(r"[\s.\-()/]")
_ASCII_DIGITS = re.compile(r"[0-9]+")

# In 2018 the 11-digit mobile numbers (01xx…) moved to 10 digits; people still write
# the old ones, so they are mapped to the new prefix (Ministry of Information and
# Communications, Circular 22/2014 and the 2018 conversion plan).
OLD_MOBILE_PREFIXES = {
    "120": "70", "121": "79", "122": "77", "126": "76", "128": "78",  # MobiFone
    "123": "83", "124": "84", "125": "85", "127": "81", "129": "82",  # VinaPhone
    "162": "32", "163": "33", "164": "34", "165": "35", "166": "36",  # Viettel
    "167": "37", "168": "38", "169": "39",
    "186": "56", "188": "58",  # Vietnamobile
    "199": "59",  # Gmobile
}  # fmt: skip

_WRONG_LENGTH = _("Phone number has the wrong length.")
_INVALID_PHONE_CHARS = _("Phone number has invalid characters.")


def _compact(value: str) -> str:
    """NFKC (full-width digits from some keyboards become ASCII), separators removed."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value).strip())


def _phone_error(message: str | Promise) -> ValidationFailed:
    return ValidationFailed(message, code="invalid_phone")


def normalize_phone(value: str) -> str:
    """Vietnamese phone numbers to E.164 (+84…); other countries kept with their code.

    Accepts 0xx…, +84…, 84…, 0084…, with spaces, dots, dashes or brackets, and the old
    11-digit mobile numbers (0168…). Mobiles have 9 national digits (3x, 5x, 7x, 8x,
    9x), landlines 10 (2xx area code + number).
    """
    raw = _compact(value)
    if not raw:
        raise ValidationFailed(_("Phone number is empty."), code="invalid_phone")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    international = raw.startswith("+")
    digits = raw.removeprefix("+")
    if not _ASCII_DIGITS.fullmatch(digits):
        raise _phone_error(_INVALID_PHONE_CHARS)
    if international:
        if digits.startswith("84"):
            return _vietnamese_e164(digits[2:].removeprefix("0"))
        if not 7 <= len(digits) <= 15:
            raise _phone_error(_WRONG_LENGTH)
        return "+" + digits
    if digits.startswith("84") and len(digits) in (11, 12):
        return _vietnamese_e164(digits[2:])
    if digits.startswith("0"):
        return _vietnamese_e164(digits[1:])
    if len(digits) in (9, 10):
        return _vietnamese_e164(digits)
    raise _phone_error(_WRONG_LENGTH)


def _vietnamese_e164(national: str) -> str:
    if len(national) == 10 and national[:3] in OLD_MOBILE_PREFIXES:
        national = OLD_MOBILE_PREFIXES[national[:3]] + national[3:]
    if len(national) == 9 and national[0] in "35789":
        return "+84" + national  # mobile
    if len(national) == 10 and national[0] == "2":
        return "+84" + national  # landline: 2xx area code + 7 digits
    if len(national) in (9, 10):
        raise _phone_error(_("This is not a Vietnamese mobile or landline number."))
    raise _phone_error(_WRONG_LENGTH)


def _digits_only(value: str, *, length: int, message: str | Promise, code: str) -> str:
    compact = _compact(value)
    if len(compact) != length or not _ASCII_DIGITS.fullmatch(compact):
        raise ValidationFailed(message, code=code)
    return compact


def normalize_citizen_id(value: str) -> str:
    """CCCD (and the electronic ID card, same number): exactly 12 digits."""
    return _digits_only(
        value, length=12, message=_("A CCCD number has exactly 12 digits."), code="invalid_cccd"
    )


@dataclass(frozen=True)
class CitizenIdFacts:
    birth_year: int
    sex: str  # "male" / "female"
    province_code: str  # two-digit code of the (legacy) province of birth registration


def citizen_id_facts(normalised: str) -> CitizenIdFacts | None:
    """What a normalised CCCD number states (Circular 07/2016/TT-BCA Art. 7): the first
    three digits are the province where the birth was registered, the 4th the century
    and sex (0/1: 1900s male/female, 2/3: 2000s, …), the 5th–6th the last two digits of
    the year of birth."""
    if len(normalised) != 12 or not normalised.isdigit():
        return None
    code = int(normalised[3])
    return CitizenIdFacts(
        birth_year=1900 + 100 * (code // 2) + int(normalised[4:6]),
        sex=("male", "female")[code % 2],
        province_code=f"{int(normalised[:3]):02d}",
    )


def normalize_old_id(value: str) -> str:
    """CMND: exactly 9 digits (12-digit CMND issued later are recorded as CCCD)."""
    return _digits_only(
        value, length=9, message=_("A CMND number has exactly 9 digits."), code="invalid_cmnd"
    )


def normalize_passport(value: str) -> str:
    cleaned = _compact(value).upper()
    if not re.fullmatch(r"[A-Z0-9]{6,12}", cleaned):
        raise ValidationFailed(
            _("A passport number has 6 to 12 letters and digits."), code="invalid_passport"
        )
    return cleaned


_SOCIAL_HOSTS = re.compile(
    r"^(?:[a-z0-9-]+\.)*(facebook\.com|fb\.com|fb\.me|zalo\.me|t\.me|telegram\.me)$"
)


def _handle_from_link(value: str) -> str:
    """The account part of a profile link; the value itself when it is no link."""
    text = value.strip()
    if "/" not in text:
        return text
    split = urlsplit(text if "://" in text else "https://" + text)
    host = (split.hostname or "").lower()
    if not _SOCIAL_HOSTS.match(host):
        return text
    parts = [p for p in split.path.split("/") if p]
    query = parse_qs(split.query)
    # facebook.com/profile.php?id=1000… and facebook.com/people/Name/1000…/
    if parts[:1] == ["profile.php"] and query.get("id"):
        return query["id"][0]
    if parts[:1] == ["people"] and len(parts) >= 3:
        return parts[2]
    return parts[0] if parts else ""


def normalize_handle(value: str, kind: IdentifierKind | str | None = None) -> str:
    """Social-media accounts: a profile link or @handle becomes the bare, folded
    handle. A Zalo or Telegram account that is a phone number becomes that number in
    E.164, so that it matches the same number recorded as a phone."""
    handle = _handle_from_link(unicodedata.normalize("NFKC", value)).strip().lstrip("@")
    if not handle:
        raise ValidationFailed(_("The account is empty."), code="invalid_handle")
    phone_like = kind is None or IdentifierKind(kind) in PHONE_LIKE_KINDS
    if phone_like and re.fullmatch(r"\+?[0-9][0-9\s.\-]{7,16}", handle):
        try:
            return normalize_phone(handle)
        except ValidationFailed:
            pass
    folded = fold(handle, keep_punctuation=True).replace(" ", "")
    if not folded or re.search(r"[/?#@]", folded):
        raise ValidationFailed(_("The account is not valid."), code="invalid_handle")
    return folded


def normalize_bank_account(value: str) -> str:
    compact = _compact(value).upper()
    if not re.fullmatch(r"[0-9A-Z]{6,20}", compact):
        raise ValidationFailed(
            _("A bank account number has 6 to 20 letters or digits."),
            code="invalid_bank_account",
        )
    return compact


def normalize_email(value: str) -> str:
    email = unicodedata.normalize("NFKC", value).strip().lower()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise ValidationFailed(_("The email address is not valid."), code="invalid_email")
    return email


def normalize_identifier(kind: IdentifierKind | str, value: str) -> str:
    """The canonical form of ``value`` as an identifier of ``kind``; ValidationFailed
    (with a message for the officer) when it cannot be one."""
    kind = IdentifierKind(kind)
    if kind is IdentifierKind.PHONE:
        return normalize_phone(value)
    if kind is IdentifierKind.CCCD:
        return normalize_citizen_id(value)
    if kind is IdentifierKind.CMND:
        return normalize_old_id(value)
    if kind is IdentifierKind.PASSPORT:
        return normalize_passport(value)
    if kind in SOCIAL_KINDS:
        return normalize_handle(value, kind)
    if kind is IdentifierKind.BANK_ACCOUNT:
        return normalize_bank_account(value)
    if kind is IdentifierKind.EMAIL:
        return normalize_email(value)
    cleaned = fold(value, keep_punctuation=True)
    if not any(ch.isalnum() for ch in cleaned):
        raise ValidationFailed(_("The identifier is empty."), code="invalid_identifier")
    return cleaned


def is_phone(normalised: str) -> bool:
    return normalised.startswith("+") and normalised[1:].isascii() and normalised[1:].isdigit()


def index_purpose(kind: IdentifierKind | str, normalised: str) -> str:
    """The blind-index purpose of an already-normalised identifier (see module doc)."""
    kind = IdentifierKind(kind)
    if kind is IdentifierKind.PHONE or (kind in PHONE_LIKE_KINDS and is_phone(normalised)):
        return PHONE_PURPOSE
    return f"id:{kind.value}"


def identifier_index(kind: IdentifierKind | str, value: str) -> str:
    """Blind index of an identifier as entered (normalises first)."""
    from lachan.core.crypto import blind_index

    normalised = normalize_identifier(kind, value)
    return blind_index(normalised, purpose=index_purpose(kind, normalised))


def mask_identifier(kind: IdentifierKind | str, value: str) -> str:
    """A masked form for screens that may not show identity: the phone "+84987654378"
    becomes "+84 9** *** *78", other identifiers keep only their last two or three
    characters."""
    try:
        normalised = normalize_identifier(kind, value)
    except ValidationFailed:
        normalised = value
    if is_phone(normalised):
        return mask_phone(normalised)
    keep = 3 if len(normalised) >= 9 else 2 if len(normalised) >= 6 else 0
    return "*" * (len(normalised) - keep) + normalised[len(normalised) - keep :]


def mask_phone(e164: str) -> str:
    if e164.startswith("+84"):
        country, national = "+84", e164[3:]
    else:
        country, national = e164[:3], e164[3:]
    hidden = national[:1] + "*" * max(len(national) - 3, 0) + national[-2:]
    groups = [hidden[:3], hidden[3:6], hidden[6:]] if len(hidden) > 6 else [hidden]
    return " ".join([country, *[g for g in groups if g]])
