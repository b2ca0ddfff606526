"""Receipt hashes carry their parameters; older receipts keep verifying. Form tokens are
signed, write nothing when issued and burn on use."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from argon2.low_level import Type, hash_secret_raw
from django.utils import timezone

from lachan.core.errors import ValidationFailed
from lachan.tips.models import IntakeToken
from lachan.tips.public import receipts, tokens

CODE = "ABCD-EFGH-JKMN-PQRS-TVWX"
SALT = "0f" * 16


def test_new_digest_is_argon2id_with_its_parameters() -> None:
    stored = receipts.digest(CODE, SALT)
    params, hex_value = receipts.split_stored(stored)
    assert params == "argon2id$m=64,t=1,p=1"
    assert len(hex_value) == 64
    assert receipts.matches(CODE, SALT, stored)
    assert not receipts.matches("ABCD-EFGH-JKMN-PQRS-TVWY", SALT, stored)
    assert not receipts.matches(CODE, "0e" * 16, stored)


def test_receipt_issued_with_two_mebibytes_still_verifies() -> None:
    # The default before the fourth round (decision 0009), computed here independently.
    raw = hash_secret_raw(
        CODE.encode(),
        bytes.fromhex(SALT),
        time_cost=1,
        memory_cost=2048,
        parallelism=1,
        hash_len=32,
        type=Type.ID,
    )
    stored = f"argon2id$m=2048,t=1,p=1${raw.hex()}"
    assert receipts.matches(CODE, SALT, stored)
    assert not receipts.matches("ABCD-EFGH-JKMN-PQRS-TVWY", SALT, stored)
    assert receipts.digest(CODE, SALT) != stored  # new receipts use the new parameters


def test_legacy_bare_scrypt_digest_still_verifies() -> None:
    legacy = hashlib.scrypt(
        CODE.encode(), salt=bytes.fromhex(SALT), n=2**14, r=8, p=1, maxmem=64 * 2**20, dklen=32
    ).hex()
    assert receipts.split_stored(legacy) == ("scrypt$n=16384,r=8,p=1", legacy)
    assert receipts.matches(CODE, SALT, legacy)
    assert not receipts.matches("ABCD-EFGH-JKMN-PQRS-TVWY", SALT, legacy)


def test_configured_parameters_apply_to_new_receipts_only(settings: Any) -> None:
    old = receipts.digest(CODE, SALT)
    settings.LACHAN_PUBLIC_RECEIPT_HASH = "scrypt$n=1024,r=8,p=1"
    new = receipts.digest(CODE, SALT)
    assert new.startswith("scrypt$n=1024,r=8,p=1$")
    assert receipts.matches(CODE, SALT, new)
    assert receipts.matches(CODE, SALT, old)  # verified with its own stored parameters


@pytest.mark.parametrize(
    "stored", ["md5$x=1$00", "argon2id$m=999999999,t=1,p=1$00", "scrypt$n=4194304,r=8,p=1$00"]
)
def test_unknown_or_absurd_parameters_refused(stored: str) -> None:
    with pytest.raises(ValueError):
        receipts.matches(CODE, SALT, stored)


@pytest.mark.django_db
def test_token_signed_single_use_and_nothing_stored_on_issue(settings: Any) -> None:
    settings.LACHAN_PUBLIC_MIN_FILL_SECONDS = 0
    token, not_before = tokens.token_issue()
    assert IntakeToken.objects.count() == 0
    assert not_before <= timezone.now()
    tokens.token_use(token)
    row = IntakeToken.objects.get()
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert row.used_at is not None
    with pytest.raises(ValidationFailed) as again:
        tokens.token_use(token)
    assert again.value.code == "form_token"
    assert IntakeToken.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["signature", "time"])
def test_tampered_token_refused(settings: Any, change: str) -> None:
    settings.LACHAN_PUBLIC_MIN_FILL_SECONDS = 0
    token, _ = tokens.token_issue(timezone.now() - dt.timedelta(hours=7))
    value, signature = token.rsplit(":", 1)
    if change == "signature":
        forged = f"{value}:{signature[:-2]}AA"
    else:  # make an expired token look fresh
        nonce, _millis = value.rsplit(".", 1)
        forged = f"{nonce}.{int(timezone.now().timestamp() * 1000)}:{signature}"
    with pytest.raises(ValidationFailed) as refused:
        tokens.token_use(forged)
    assert refused.value.code == "form_token"
    assert IntakeToken.objects.count() == 0


@pytest.mark.django_db
def test_expired_and_too_fast_tokens_refused(settings: Any) -> None:
    settings.LACHAN_PUBLIC_MIN_FILL_SECONDS = 3
    fresh, _ = tokens.token_issue()
    with pytest.raises(ValidationFailed, match=r"quickly|nhanh"):
        tokens.token_use(fresh)
    old, _ = tokens.token_issue(timezone.now() - dt.timedelta(hours=6, seconds=1))
    with pytest.raises(ValidationFailed):
        tokens.token_use(old)
    assert IntakeToken.objects.count() == 0
