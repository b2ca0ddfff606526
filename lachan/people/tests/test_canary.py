"""Canary: a person's name, phone and ID number never reach the database in the clear.

A person is recorded with values that occur nowhere else, searched for, and viewed;
then the whole database is dumped (SQLite: iterdump; PostgreSQL: pg_dump, or every row
of every table when pg_dump is not installed) and searched for those values in every
spelling: any case, with and without diacritics, the phone digits in every notation."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from typing import Any

import pytest
from django.db import connection

from lachan.core.testing.factories import commune_of
from lachan.core.text import fold
from lachan.people.selectors import person_get, person_identity_view, person_list
from lachan.people.services import (
    AddressInput,
    IdentifierInput,
    person_add_identifier,
    person_create,
    person_update,
)

CANARY_NAME = "Canarynamezqx Thị Hường"
CANARY_ALIAS = "Bé Canaryaliaszqx"
CANARY_PHONE = "0987 654 321"
CANARY_CCCD = "031304009876"
CANARY_ADDRESS = "Số 7 ngõ Canarystreetzqx"
CANARY_BIRTH = dt.date(1997, 11, 23)


def _dump_sqlite() -> str:
    connection.ensure_connection()
    return "\n".join(connection.connection.iterdump())


def _dump_postgresql() -> str:
    settings = connection.settings_dict
    if shutil.which("pg_dump"):
        env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
        command = ["pg_dump", "--data-only", "--no-owner", "-d", settings["NAME"]]
        for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
            if settings.get(key):
                command += [flag, str(settings[key])]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows += [repr(row) for row in cursor.fetchall()]
    return "\n".join(rows)


def _dump() -> str:
    if connection.vendor == "sqlite":
        return _dump_sqlite()
    return _dump_postgresql()


def _forbidden() -> set[str]:
    spellings = set()
    for text in (CANARY_NAME, CANARY_ALIAS, CANARY_ADDRESS):
        spellings |= {text.lower(), fold(text), "canarynamezqx", "canaryaliaszqx"}
        spellings.add("canarystreetzqx")
    digits = "987654321"
    spellings |= {digits, "0" + digits, "84" + digits, CANARY_PHONE.lower()}
    spellings |= {CANARY_CCCD, "031 304 009 876", CANARY_BIRTH.isoformat(), "23/11/1997"}
    return spellings


# Committed rows, so that pg_dump (another connection) sees them.
@pytest.mark.django_db(transaction=True)
def test_identity_never_reaches_the_database_in_clear(hp_officer: Any) -> None:
    person = person_create(
        actor=hp_officer,
        full_name=CANARY_NAME,
        aliases=[CANARY_ALIAS],
        sex="female",
        birth_date=CANARY_BIRTH,
        admin_unit=commune_of("31"),
        identifiers=[IdentifierInput("phone", CANARY_PHONE), IdentifierInput("cccd", CANARY_CCCD)],
        addresses=[AddressInput("current", CANARY_ADDRESS, commune_of("31"))],
    )
    person_add_identifier(actor=hp_officer, person=person, kind="zalo", value="+84987654321")
    person_update(actor=hp_officer, person=person, full_name=CANARY_NAME.upper())
    # Reads must not leave traces either (audit events, caches, …).
    assert [i.id for i in person_list(actor=hp_officer, query="canarynamezqx huong").items] == [
        person.pk
    ]
    assert len(person_list(actor=hp_officer, query="84987654321", reveal=True).items) == 1
    person_identity_view(actor=hp_officer, person=person_get(actor=hp_officer, person_id=person.pk))

    dump = _dump().lower()
    # The dump is real: it holds the person's row and the geo reference names.
    assert person.pk.hex in dump.replace("-", "") and "phường" in dump
    leaked = sorted(s for s in _forbidden() if s.lower() in dump)
    assert leaked == []
