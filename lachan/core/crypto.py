"""Encryption at rest for identity fields, and the blind index for exact lookups.

Identity values (names, ID numbers, phones, addresses, tip text) are stored as Fernet
tokens (AES-128-CBC + HMAC-SHA256) under ``LACHAN_DATA_KEYS``; the first key encrypts,
all keys decrypt, so a key is rotated by prepending a new one and running
``manage.py rotate_data_key``. Exact lookups never decrypt: they compare a keyed
HMAC-SHA256 of the *normalised* value (``blind_index``) under ``LACHAN_INDEX_KEY``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet() -> MultiFernet:
    keys = [k for k in settings.LACHAN_DATA_KEYS if k]
    if not keys:
        raise ImproperlyConfigured(
            "LACHAN_DATA_KEYS is not set: personal data cannot be encrypted. "
            "Run ./run once, or set it in the environment."
        )
    return MultiFernet([Fernet(k.encode()) for k in keys])


@cache
def _primary() -> Fernet:
    """The newest key alone: what ``is_current`` checks against."""
    return Fernet(next(k for k in settings.LACHAN_DATA_KEYS if k).encode())


@cache
def _index_key() -> bytes:
    if not settings.LACHAN_INDEX_KEY:
        raise ImproperlyConfigured("LACHAN_INDEX_KEY is not set.")
    return str(settings.LACHAN_INDEX_KEY).encode()


def reset_key_cache() -> None:
    """Forget cached keys (after settings change in tests or a rotation)."""
    _fernet.cache_clear()
    _primary.cache_clear()
    _index_key.cache_clear()


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # a wrong or missing key must never read as empty data
        raise ImproperlyConfigured(
            "Encrypted value cannot be decrypted with the keys set."
        ) from exc


def rotate_token(token: str) -> str:
    """Re-encrypt a token under the newest key (no-op in content). Raises
    ImproperlyConfigured when no key set can decrypt it."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Encrypted value cannot be decrypted with the keys set."
        ) from exc


def is_current(token: str) -> bool:
    """Whether ``token`` is already encrypted under the newest key (rotation skips it,
    which makes ``rotate_data_key`` idempotent)."""
    _fernet()  # raises ImproperlyConfigured when no key is set
    try:
        _primary().decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def blind_index(normalised: str, *, purpose: str) -> str:
    """Keyed hash of an already-normalised value. ``purpose`` separates domains so that
    the same string as a phone and as a name never share an index value."""
    message = f"{purpose}\x1f{normalised}".encode()
    return hmac.new(_index_key(), message, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text column whose value is encrypted before it reaches the database.

    Not searchable by the database: pair it with a blind-index column for lookups.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))


class EncryptedJSONField(models.TextField):  # type: ignore[type-arg]
    """A JSON value (list or dict) stored encrypted."""

    # For django-stubs: the attribute holds any JSON value, not a str.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    description = "JSON encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return None
        return json.loads(decrypt(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)


ENCRYPTED_FIELD_TYPES = (EncryptedTextField, EncryptedJSONField)
