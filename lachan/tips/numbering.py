"""Register numbers: a running number per receiving agency and year, shown in the
configurable format ``LACHAN_TIP_NUMBER_FORMAT`` (default "0007/2025/CATPHP").

``next_register_seq`` must run inside the registering transaction: it increments the
agency-year counter with one UPDATE … RETURNING, which holds the row lock until commit, so two
concurrent registrations queue on it and never get the same number (on SQLite the
IMMEDIATE transaction already serialises writers). The unique constraint on
(agency, year, seq) is the last line of defence."""

from __future__ import annotations

import re

from django.db import IntegrityError, connection, transaction

from lachan.accounts.models import Agency
from lachan.core.text import fold
from lachan.tips.conf import number_format
from lachan.tips.models import TipRegisterCounter

_WORD = re.compile(r"[a-z0-9]+")


def agency_code(agency: Agency) -> str:
    """A short code for the agency: its own code when agencies get one, otherwise the
    initials of its name, as officers abbreviate it ("Công an thành phố Hải Phòng" →
    "CATPHP")."""
    own = str(getattr(agency, "code", "") or "").strip()
    if own:
        return own
    words = _WORD.findall(fold(agency.name))
    return "".join(word[0] for word in words).upper() or "DV"


def format_register_number(*, seq: int, year: int, agency: Agency) -> str:
    return number_format().format(seq=seq, year=year, agency_code=agency_code(agency))


def next_register_seq(*, agency: Agency, year: int) -> int:
    """The next number of ``agency``'s register for ``year`` (inside a transaction)."""
    assert transaction.get_connection().in_atomic_block, "call inside the registering transaction"
    seq = _increment(agency, year)
    if seq is not None:
        return seq
    try:
        with transaction.atomic():  # a savepoint: a concurrent first insert may win
            TipRegisterCounter.objects.create(agency=agency, year=year, last_seq=1)
        return 1
    except IntegrityError:
        seq = _increment(agency, year)
        assert seq is not None
        return seq


def _increment(agency: Agency, year: int) -> int | None:
    """One statement: take the row lock, add one, read the new value (UPDATE … RETURNING,
    PostgreSQL and SQLite ≥ 3.35). None when the agency-year row does not exist yet."""
    meta = TipRegisterCounter._meta
    agency_field = meta.get_field("agency")
    sql = (
        f'UPDATE "{meta.db_table}" SET "last_seq" = "last_seq" + 1 '  # noqa: S608 - model names
        f'WHERE "{agency_field.column}" = %s AND "year" = %s RETURNING "last_seq"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [agency_field.get_db_prep_value(agency.pk, connection), year])
        row = cursor.fetchone()
    return None if row is None else int(row[0])
