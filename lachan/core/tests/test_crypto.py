"""Encryption at rest and key rotation (``manage.py rotate_data_key``)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from lachan.audit.models import AuditEvent
from lachan.core.crypto import decrypt, encrypt, is_current, reset_key_cache, rotate_token
from lachan.core.management.commands.rotate_data_key import encrypted_fields

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()

pytestmark = pytest.mark.django_db


def _keys(*keys: str) -> Any:
    reset_key_cache()
    return override_settings(LACHAN_DATA_KEYS=list(keys))


def _raw(table: str, column: str, pk: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def _make_records(make_user: Any) -> tuple[Any, Any]:
    from lachan.people.services import IdentifierInput, person_create

    officer = make_user(totp_secret="JBSWY3DPEHPK3PXP")
    person = person_create(
        actor=officer,
        full_name="Đặng Thị Hường",
        aliases=["Hương"],
        identifiers=[IdentifierInput("phone", "0987 654 321")],
    )
    return officer, person


def test_round_trip_and_tokens_differ_each_time() -> None:
    with _keys(KEY_A):
        assert decrypt(encrypt("Hường")) == "Hường"
        assert encrypt("Hường") != encrypt("Hường")


def test_encrypted_fields_are_discovered_on_every_model() -> None:
    found = {
        model._meta.label_lower: {f.name for f in fields} for model, fields in encrypted_fields()
    }
    assert found["people.person"] == {"full_name", "aliases", "birth_date"}
    assert found["people.personidentifier"] == {"value"}
    assert found["people.personaddress"] == {"text"}
    assert "totp_secret" in found["accounts.user"]


def test_rotation_moves_every_value_to_the_new_key(make_user: Any, units: None) -> None:
    with _keys(KEY_A):
        officer, person = _make_records(make_user)
        old_name_token = _raw("people_person", "full_name", person.pk.hex)
    # The new key goes first; the old one stays readable during the rotation.
    with _keys(KEY_B, KEY_A):
        out = StringIO()
        call_command("rotate_data_key", "--batch-size", "1", stdout=out)
        assert "people.person: 2 encrypted values, 2 rotated" in out.getvalue()
        assert "people.personidentifier: 1 encrypted values, 1 rotated" in out.getvalue()
        new_name_token = _raw("people_person", "full_name", person.pk.hex)
        assert new_name_token != old_name_token
        assert is_current(new_name_token)
    # The old key can now be dropped: everything reads under the new key alone.
    with _keys(KEY_B):
        from lachan.accounts.models import User
        from lachan.people.models import Person

        again = Person.objects.prefetch_related("identifiers").get(pk=person.pk)
        assert again.full_name == "Đặng Thị Hường"
        assert again.aliases == ["Hương"]
        assert [i.value for i in again.identifiers.all()] == ["0987 654 321"]
        assert User.objects.get(pk=officer.pk).totp_secret == "JBSWY3DPEHPK3PXP"
    # …and the old key alone no longer reads it.
    with _keys(KEY_A), pytest.raises(ImproperlyConfigured):
        Person.objects.get(pk=person.pk)
    reset_key_cache()


def test_rotation_is_idempotent_and_audited_once_per_run(make_user: Any, units: None) -> None:
    with _keys(KEY_A):
        _make_records(make_user)
    with _keys(KEY_B, KEY_A):
        first, second = StringIO(), StringIO()
        call_command("rotate_data_key", stdout=first)
        call_command("rotate_data_key", stdout=second)
    reset_key_cache()
    assert "Total: 4 encrypted values, 4 rotated in 3 rows." in first.getvalue()
    assert "Total: 4 encrypted values, 0 rotated in 0 rows." in second.getvalue()
    events = list(AuditEvent.objects.filter(action="crypto.rotate_data_key").order_by("seq"))
    assert [e.changes["rotated"] for e in events] == [4, 0]
    assert events[0].changes["models"]["people.person"] == 2
    assert events[0].actor_id is None


def test_dry_run_writes_nothing(make_user: Any, units: None) -> None:
    with _keys(KEY_A):
        _, person = _make_records(make_user)
        before = _raw("people_person", "full_name", person.pk.hex)
    with _keys(KEY_B, KEY_A):
        out = StringIO()
        call_command("rotate_data_key", "--dry-run", stdout=out)
    reset_key_cache()
    assert "4 would be rotated" in out.getvalue()
    assert _raw("people_person", "full_name", person.pk.hex) == before
    assert not AuditEvent.objects.filter(action="crypto.rotate_data_key").exists()


def test_rotation_refuses_values_no_key_can_read(make_user: Any, units: None) -> None:
    from django.core.management.base import CommandError

    with _keys(KEY_A):
        _make_records(make_user)
    with _keys(KEY_B), pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("rotate_data_key", stdout=StringIO())
    reset_key_cache()
    assert not AuditEvent.objects.filter(action="crypto.rotate_data_key").exists()


def test_rotate_token_keeps_the_content() -> None:
    with _keys(KEY_A):
        token = encrypt("0987654321")
    with _keys(KEY_B, KEY_A):
        assert not is_current(token)
        rotated = rotate_token(token)
        assert is_current(rotated)
    with _keys(KEY_B):
        assert decrypt(rotated) == "0987654321"
    reset_key_cache()
