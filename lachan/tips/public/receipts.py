"""Receipt codes: what a reporter keeps to follow a tip.

A code is 20 symbols of Crockford's base32 alphabet (no I, L, O, U: nothing to confuse
on a phone screen or when read aloud) drawn with ``secrets``, grouped by four:
``ABCD-EFGH-JKMN-PQRS-TVWX`` — 100 bits. The first group (20 bits) is stored in the clear
as a lookup prefix so that a check costs one slow hash, not one per receipt; the other 16
symbols stay secret and carry 80 bits on their own.

Only a slow salted hash of the whole code is stored, with its parameters:
``argon2id$m=64,t=1,p=1$<hex>`` (the default, decision 0009; older receipts
may carry ``m=2048``) or
``scrypt$n=16384,r=8,p=1$<hex>``. A bare 64-hex digest is the first format (scrypt,
N = 2^14, r = 8, p = 1): receipts issued before the parameters were stored keep working.
The cost is low on purpose: the secret is 80 random bits, so even a free hash leaves an
offline attacker 2^79 guesses on average; the hash only has to be one-way, salted and
not cheap to run in bulk, and it runs on every public submission."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from lachan.tips.public import conf

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 5
GROUP_SIZE = 4
LENGTH = GROUPS * GROUP_SIZE
PREFIX_LENGTH = GROUP_SIZE
SECRET_BITS = (LENGTH - PREFIX_LENGTH) * 5  # 80
# Typing mistakes Crockford's alphabet forgives.
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
# Receipts stored before the parameters were: bare hex of scrypt with these.
LEGACY_PARAMS = "scrypt$n=16384,r=8,p=1"
_MAX_SCRYPT_N = 2**20
_MAX_ARGON2_KIB = 256 * 1024


def new_code() -> str:
    # 100 bits from the CSPRNG, five per symbol (the alphabet has 32): uniform, and one
    # call instead of twenty ``secrets.choice``.
    bits = int.from_bytes(secrets.token_bytes(13), "big")
    raw = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(LENGTH))
    return "-".join(raw[i : i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE))


def normalise(typed: str) -> str | None:
    """The code as issued (grouped, upper case), or None if it cannot be one."""
    chars = "".join(c for c in (typed or "").upper() if c.isalnum()).translate(_ALIASES)
    if len(chars) != LENGTH or any(c not in ALPHABET for c in chars):
        return None
    return "-".join(chars[i : i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE))


def lookup_of(code: str) -> str:
    return code[:PREFIX_LENGTH]


def _parse(params: str) -> tuple[str, dict[str, int]]:
    """``"argon2id$m=2048,t=1,p=1"`` → ("argon2id", {"m": 2048, "t": 1, "p": 1})."""
    algorithm, _sep, rest = params.partition("$")
    values = {}
    for item in rest.split(","):
        name, _eq, number = item.partition("=")
        values[name.strip()] = int(number)
    return algorithm, values


def _raw(code: str, salt: str, params: str) -> bytes:
    algorithm, values = _parse(params)
    secret, salt_bytes = code.encode(), bytes.fromhex(salt)
    if algorithm == "argon2id":
        memory = values["m"]
        if not 8 <= memory <= _MAX_ARGON2_KIB:
            raise ValueError("argon2id memory out of range")
        return hash_secret_raw(
            secret,
            salt_bytes,
            time_cost=values["t"],
            memory_cost=memory,
            parallelism=values["p"],
            hash_len=32,
            type=Type.ID,
        )
    if algorithm == "scrypt":
        n = values["n"]
        if not 2 <= n <= _MAX_SCRYPT_N:
            raise ValueError("scrypt N out of range")
        return hashlib.scrypt(
            secret,
            salt=salt_bytes,
            n=n,
            r=values["r"],
            p=values["p"],
            maxmem=256 * 1024 * 1024,
            dklen=32,
        )
    raise ValueError(f"unknown receipt hash {algorithm!r}")


def digest(code: str, salt: str, params: str | None = None) -> str:
    """The stored form: ``<params>$<hex>`` with ``params`` (default: the configured
    ``conf.receipt_hash()``)."""
    params = params or conf.receipt_hash()
    return f"{params}${_raw(code, salt, params).hex()}"


def split_stored(stored: str) -> tuple[str, str]:
    """(params, hex) of a stored digest; a bare hex digest is ``LEGACY_PARAMS``."""
    params, sep, hex_value = stored.rpartition("$")
    return (params, hex_value) if sep else (LEGACY_PARAMS, stored)


def new_salt() -> str:
    return secrets.token_hex(16)


def matches(code: str, salt: str, stored: str) -> bool:
    """Verify with the parameters stored with the digest (old receipts keep theirs)."""
    params, hex_value = split_stored(stored)
    return hmac.compare_digest(_raw(code, salt, params).hex(), hex_value)


def burn_time(code: str) -> None:
    """Spend one slow hash when no receipt has the prefix, so that a wrong prefix and a
    wrong secret take as long."""
    digest(code, "00" * 16)


@dataclass(frozen=True)
class PreparedReceipt:
    """A receipt code with its slow hash already computed, before any transaction opens
    (the hash never runs while a lock is held)."""

    code: str
    salt: str
    digest: str


def prepare() -> PreparedReceipt:
    code, salt = new_code(), new_salt()
    return PreparedReceipt(code=code, salt=salt, digest=digest(code, salt))
