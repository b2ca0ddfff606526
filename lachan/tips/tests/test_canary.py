"""Canary: the tip text, the reporter's name and phone, places as written, identifiers,
notes, messages and attachments never reach the database in the clear. Everything is
written, read, exported and transferred, then the whole database is dumped and searched
in every spelling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lachan.core.text import fold
from lachan.people.tests.test_canary import _dump
from lachan.tips import services
from lachan.tips.export import tip_register_export
from lachan.tips.selectors import tip_detail, tip_get, tip_page
from lachan.tips.tests.helpers import make_tip, past_deadline, verifying

CONTENT = "Canarytipzqx: chị Canaryvictimzqx bị đưa sang biên giới"
REPORTER = "Canaryreporterzqx Văn Báo"
PHONE = "0976 543 219"
EMAIL = "canarymailzqx@example.vn"
ADDRESS = "Số 9 ngõ Canarystreetzqx"
PLACE_TEXT = "thôn Canaryplacezqx, Hải Phòng"
BANK = "9704 1234 5678 9012"
NOTE = "Canarynotezqx phải xác minh ở ba tỉnh"
MESSAGE = "Canarymessagezqx xin cảm ơn"
FILE = b"%PDF-1.4 Canaryfilezqx"


def _forbidden() -> set[str]:
    spellings = {
        "canarytipzqx",
        "canaryvictimzqx",
        "canaryreporterzqx",
        "canarymailzqx",
        "canarystreetzqx",
        "canaryplacezqx",
        "canarynotezqx",
        "canarymessagezqx",
        "canaryfilezqx",
        fold(REPORTER),
        REPORTER.lower(),
    }
    digits = "976543219"
    spellings |= {digits, "0" + digits, "84" + digits, PHONE}
    spellings |= {"9704123456789012", BANK}
    return spellings


@pytest.mark.django_db(transaction=True)
def test_tip_content_and_reporter_never_reach_the_database_in_clear(
    hp_operator: Any, hp_supervisor: Any, hp_officer: Any, na_agency: Any
) -> None:
    tip = make_tip(
        hp_operator,
        content=CONTENT,
        summary=CONTENT[:40],
        reporter=services.ReporterInput(
            anonymous=False,
            name=REPORTER,
            phone=PHONE,
            email=EMAIL,
            address=ADDRESS,
            may_contact=True,
            contact_note=f"Gọi {PHONE} sau 18 giờ",
        ),
        places=[services.PlaceInput(text=PLACE_TEXT)],
        identifiers=[
            services.IdentifierInput("bank_account", BANK),
            services.IdentifierInput("phone", PHONE),
        ],
        attachments=[services.AttachmentInput("canaryfilezqx.pdf", FILE)],
    )
    tip = verifying(tip, hp_supervisor, hp_officer)
    tip = services.tip_mark_complex(actor=hp_officer, tip=tip, reason=NOTE)
    services.tip_message_to_reporter(actor=hp_officer, tip=tip, body=MESSAGE)
    services.tip_message_from_reporter(tip=tip, body=MESSAGE)
    tip = past_deadline(tip)
    tip = services.tip_suspend(actor=hp_officer, tip=tip, reason="key_documents", note=NOTE)
    tip = services.tip_resume(actor=hp_officer, tip=tip, note=NOTE)
    services.tip_transfer(actor=hp_supervisor, tip=tip, to_agency=na_agency, note=NOTE)
    # Reads, reveals and exports must not leave traces either (audit, caches …).
    tip_detail(
        actor=hp_supervisor, tip=tip_get(actor=hp_supervisor, tip_id=tip.pk), reveal_reporter=True
    )
    assert tip_page(actor=hp_supervisor).items
    today = dt.date.today()
    tip_register_export(
        actor=hp_supervisor,
        period_start=today - dt.timedelta(days=1),
        period_end=today + dt.timedelta(days=1),
    )

    dump = _dump().lower()
    assert tip.pk.hex in dump.replace("-", "") and "phường" in dump  # the dump is real
    leaked = sorted(s for s in _forbidden() if s.lower() in dump)
    assert leaked == []
