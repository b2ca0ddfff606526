"""Receipt codes: what a reporter keeps to follow a tip.

A code is 20 symbols of Crockford's base32 alphabet (no I, L, O, U: nothing to confuse
on a phone screen or when read aloud) drawn with ``secrets``, grouped by four:
``ABCD-EFGH-JKMN-PQRS-TVWX`` — 100 bits. The first group (20 bits) is stored in the clear
as a lookup prefix so that a check costs one scrypt, not one per receipt; the other 16
symbols stay secret and carry 80 bits on their own. Only scrypt of the whole code, with
a per-receipt salt, is stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from lachan.tips.public import conf

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 5
GROUP_SIZE = 4
LENGTH = GROUPS * GROUP_SIZE
PREFIX_LENGTH = GROUP_SIZE
SECRET_BITS = (LENGTH - PREFIX_LENGTH) * 5  # 80
# Typing mistakes Crockford's alphabet forgives.
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE))


def normalise(typed: str) -> str | None:
    """The code as issued (grouped, upper case), or None if it cannot be one."""
    chars = "".join(c for c in (typed or "").upper() if c.isalnum()).translate(_ALIASES)
    if len(chars) != LENGTH or any(c not in ALPHABET for c in chars):
        return None
    return "-".join(chars[i : i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE))


def lookup_of(code: str) -> str:
    return code[:PREFIX_LENGTH]


def digest(code: str, salt: str) -> str:
    value = hashlib.scrypt(
        code.encode(),
        salt=bytes.fromhex(salt),
        n=conf.scrypt_n(),
        r=8,
        p=1,
        maxmem=64 * 1024 * 1024,
        dklen=32,
    )
    return value.hex()


def new_salt() -> str:
    return secrets.token_hex(16)


def matches(code: str, salt: str, stored: str) -> bool:
    return hmac.compare_digest(digest(code, salt), stored)


def burn_time(code: str) -> None:
    """Spend one scrypt when no receipt has the prefix, so that a wrong prefix and a
    wrong secret take as long."""
    digest(code, "00" * 16)
