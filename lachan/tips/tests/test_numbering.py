"""Register numbers: the format, the agency code, and no duplicate under concurrent
registrations (real threads, real transactions, on SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from lachan.audit.verify import find_first_break
from lachan.tips.models import Tip, TipRegisterCounter
from lachan.tips.numbering import agency_code, format_register_number
from lachan.tips.tests.helpers import make_tip


def test_agency_code_is_the_initials_of_the_name(make_agency: Any) -> None:
    assert agency_code(make_agency(name="Công an thành phố Hải Phòng")) == "CATPHP"
    assert agency_code(make_agency(name="Đồn Biên phòng Cửa khẩu Quốc tế Móng Cái")) == "DBPCKQTMC"


def test_the_format_is_configurable(make_agency: Any, settings: Any) -> None:
    agency = make_agency(name="Công an tỉnh Nghệ An")
    assert format_register_number(seq=7, year=2025, agency=agency) == "0007/2025/CATNA"
    settings.LACHAN_TIP_NUMBER_FORMAT = "{agency_code}-{year}-{seq:05d}"
    assert format_register_number(seq=7, year=2025, agency=agency) == "CATNA-2025-00007"


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_share_a_number(hp_operator: Any) -> None:
    threads, per_thread = 6, 4
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def work() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                make_tip(hp_operator, places=[])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    seqs = sorted(Tip.objects.values_list("register_seq", flat=True))
    assert seqs == list(range(1, threads * per_thread + 1))
    year = timezone.localdate().year
    assert TipRegisterCounter.objects.get(agency=hp_operator.agency, year=year).last_seq == len(
        seqs
    )
    assert len(set(Tip.objects.values_list("register_number", flat=True))) == len(seqs)
    assert find_first_break() == (threads * per_thread, None)
