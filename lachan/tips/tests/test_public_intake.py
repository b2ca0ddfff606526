"""Public intake: the form, anti-spam, the receipt shown once and only after commit."""

from __future__ import annotations

import hashlib
import math
from typing import Any

import pytest
from django.test import Client
from django_tasks_db import DatabaseBackend

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import unit
from lachan.people.tests.test_canary import _dump
from lachan.tips import services as tip_services
from lachan.tips.models import IntakeToken, PublicSubmission, Tip, TipChannel, TipReceipt
from lachan.tips.public import receipts
from lachan.tips.public.services import public_intake_agency
from lachan.tips.tests.public_helpers import (
    NEW_URL,
    _fast_public,  # noqa: F401  (autouse fixture)
    form_data,
    receipt_in,
    register_waiting,
    token_from,
)

pytestmark = pytest.mark.django_db


# -- receipts ----------------------------------------
def test_receipt_format_and_entropy() -> None:
    codes = {receipts.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4, 4, 4]
        assert set(code.replace("-", "")) <= set(receipts.ALPHABET)
    assert len(receipts.ALPHABET) == 32
    assert not set("ILOU") & set(receipts.ALPHABET)
    # The secret part alone (after the stored lookup prefix) carries 80 bits.
    secret_symbols = receipts.LENGTH - receipts.PREFIX_LENGTH
    assert secret_symbols * math.log2(len(receipts.ALPHABET)) == 80 == receipts.SECRET_BITS


def test_receipt_normalise_forgives_case_spaces_and_lookalikes() -> None:
    assert receipts.normalise("abcd efgh jkmn pqrs tvwx") == "ABCD-EFGH-JKMN-PQRS-TVWX"
    assert receipts.normalise("0O1I-" + "A" * 16) == "0011-AAAA-AAAA-AAAA-AAAA"
    assert receipts.normalise("ABCD-EFGH") is None
    assert receipts.normalise("") is None


# -- agency ----------------------------------------
def test_intake_agency_setting_then_province_then_first_police(
    make_agency: Any, settings: Any
) -> None:
    hp = make_agency(name="Công an thành phố Hải Phòng", admin_unit=unit("31"))
    na = make_agency(name="Công an tỉnh Nghệ An", admin_unit=unit("40"))
    assert public_intake_agency(unit("40")) == na
    assert public_intake_agency(unit("31")) == hp
    # No police in Cần Thơ: the first active provincial police by name.
    assert public_intake_agency(unit("92")) == hp
    assert public_intake_agency(None) == hp
    settings.LACHAN_PUBLIC_INTAKE_AGENCY = str(na.pk)
    assert public_intake_agency(unit("31")) == na


# -- the form ----------------------------------------
def test_form_page_is_public_and_has_honeypot_and_token(client: Client) -> None:
    page = client.get(NEW_URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="hp-field"' in html
    assert 'tabindex="-1"' in html
    assert 'name="token"' in html
    # Issuing a token writes nothing: form fetches cannot fill a table.
    assert IntakeToken.objects.count() == 0


def test_submit_registers_anonymous_tip_and_shows_receipt_once(
    client: Client, make_agency: Any
) -> None:
    na = make_agency(name="Công an tỉnh Nghệ An", admin_unit=unit("40"))
    token = token_from(client)
    data = form_data(token, province=str(unit("40").pk), danger="yes", contact="0912 345 678")
    response = client.post(NEW_URL, data)
    html = response.content.decode()
    code = receipt_in(html)
    assert response.status_code == 200
    assert code is not None
    assert "no-store" in response["Cache-Control"]
    # Stored for registration; the token digest burnt with it.
    stored = PublicSubmission.objects.get()
    assert stored.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert stored.registered_at is None
    assert Tip.objects.count() == 0
    register_waiting()
    tip = Tip.objects.get()
    assert tip.received_at == stored.arrived_at
    assert tip.receiving_agency == na
    assert tip.channel == TipChannel.WEB_FORM
    assert tip.received_by is None
    assert tip.reporter_anonymous is True
    assert tip.reporter_may_contact is True
    assert tip.reporter_contact_note == "0912 345 678"
    assert tip.urgent is True
    assert tip.place_province == unit("40")
    assert "em gái tôi" in tip.content
    assert "chợ Sắt" in tip.content
    receipt = TipReceipt.objects.get()
    assert receipt.tip == tip
    assert receipt.lookup == code[:4]
    assert receipts.matches(code, receipt.salt, receipt.digest)
    assert receipt.issued_by is None
    assert receipt.must_replace is False
    # The token is now used: the same form cannot be sent twice.
    again = client.post(NEW_URL, data)
    assert again.status_code == 422
    assert "đã được gửi hoặc đã hết hạn" in again.content.decode()
    assert PublicSubmission.objects.count() == 1
    assert Tip.objects.count() == 1
    assert receipt_in(again.content.decode()) is None


def test_raw_receipt_is_not_in_the_database(client: Client, make_agency: Any) -> None:
    make_agency()
    response = client.post(NEW_URL, form_data(token_from(client)))
    code = receipt_in(response.content.decode())
    assert code is not None
    dump = _dump()
    assert code not in dump
    assert code.replace("-", "") not in dump
    assert code[5:] not in dump  # the secret part


def test_no_receipt_when_storing_fails(client: Client, make_agency: Any, monkeypatch: Any) -> None:
    make_agency()
    token = token_from(client)
    events = AuditEvent.objects.count()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    # Fails after the staging row is written, inside its transaction: the task queue
    # (django-tasks' database backend) cannot take the registration task.
    monkeypatch.setattr(DatabaseBackend, "enqueue", broken)
    client.raise_request_exception = False
    response = client.post(NEW_URL, form_data(token))
    assert response.status_code == 500
    assert receipt_in(response.content.decode()) is None
    assert PublicSubmission.objects.count() == 0
    assert TipReceipt.objects.count() == 0
    assert AuditEvent.objects.count() == events
    client.raise_request_exception = True
    monkeypatch.undo()
    # The token is still usable.
    assert receipt_in(client.post(NEW_URL, form_data(token)).content.decode()) is not None
    assert PublicSubmission.objects.count() == 1


def test_failed_registration_leaves_the_submission_waiting(
    client: Client, make_agency: Any, monkeypatch: Any
) -> None:
    make_agency()
    code = receipt_in(client.post(NEW_URL, form_data(token_from(client))).content.decode())
    assert code is not None
    events = AuditEvent.objects.count()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    # Fails after the tip row is written, inside the registering transaction.
    monkeypatch.setattr(tip_services, "_history", broken)
    register_waiting()
    assert Tip.objects.count() == 0
    assert TipReceipt.objects.count() == 0
    assert AuditEvent.objects.count() == events
    stored = PublicSubmission.objects.get()
    assert stored.registered_at is None
    assert "em gái tôi" in stored.payload  # nothing lost
    monkeypatch.undo()
    register_waiting()
    tip = Tip.objects.get()
    stored.refresh_from_db()
    assert (stored.tip, stored.payload) == (tip, "")
    assert receipts.matches(code, TipReceipt.objects.get(tip=tip).salt, stored.digest)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "đã được gửi hoặc đã hết hạn"),
        ("forged-token", "đã được gửi hoặc đã hết hạn"),
    ],
)
def test_missing_or_forged_token_refused_and_text_kept(
    client: Client, make_agency: Any, token: str, message: str
) -> None:
    make_agency()
    token_from(client)
    response = client.post(NEW_URL, form_data(token), HTTP_ACCEPT_LANGUAGE="vi")
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    assert "Có người rủ em gái tôi sang Trung Quốc" in html
    assert Tip.objects.count() == 0
    assert TipReceipt.objects.count() == 0


def test_too_fast_refused_and_text_kept(client: Client, make_agency: Any, settings: Any) -> None:
    make_agency()
    settings.LACHAN_PUBLIC_MIN_FILL_SECONDS = 3
    response = client.post(NEW_URL, form_data(token_from(client)))
    html = response.content.decode()
    assert response.status_code == 422
    assert "quá nhanh" in html
    assert "Có người rủ em gái tôi sang Trung Quốc" in html
    assert Tip.objects.count() == 0


def test_expired_token_refused(client: Client, make_agency: Any, settings: Any) -> None:
    make_agency()
    token = token_from(client)
    settings.LACHAN_PUBLIC_TOKEN_MAX_AGE_SECONDS = -1
    response = client.post(NEW_URL, form_data(token))
    assert response.status_code == 422
    assert Tip.objects.count() == 0


def test_honeypot_filled_refused_and_text_kept(client: Client, make_agency: Any) -> None:
    make_agency()
    response = client.post(NEW_URL, form_data(token_from(client), website="http://spam.example"))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Không gửi được" in html
    assert "Có người rủ em gái tôi sang Trung Quốc" in html
    assert Tip.objects.count() == 0
    assert IntakeToken.objects.count() == 0


def test_missing_text_refused_with_new_token(client: Client, make_agency: Any) -> None:
    make_agency()
    token = token_from(client)
    response = client.post(NEW_URL, form_data(token, what="", where="chợ Sắt"))
    html = response.content.decode()
    assert response.status_code == 422
    assert "chợ Sắt" in html
    assert token not in html  # a fresh token for the next try
    assert Tip.objects.count() == 0


def test_attachment_type_and_size_checked(client: Client, make_agency: Any, settings: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_agency()
    settings.LACHAN_TIP_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("a.pdf", b"%PDF" + b"0" * (1024 * 1024), "application/pdf")
    response = client.post(NEW_URL, {**form_data(token_from(client)), "attachments": big})
    assert response.status_code == 422
    assert Tip.objects.count() == 0
    exe = SimpleUploadedFile("a.exe", b"MZ\x90\x00", "application/octet-stream")
    response = client.post(NEW_URL, {**form_data(token_from(client)), "attachments": exe})
    assert response.status_code == 422
    assert Tip.objects.count() == 0
    ok = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png")
    response = client.post(NEW_URL, {**form_data(token_from(client)), "attachments": ok})
    assert response.status_code == 200
    register_waiting()
    attachment = Tip.objects.get().attachments.get()
    assert (attachment.filename, attachment.content_type, attachment.size) == (
        "anh.png",
        "image/png",
        28,
    )
